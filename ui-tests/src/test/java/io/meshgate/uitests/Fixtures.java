package io.meshgate.uitests;

/** Objects the tests put in place through the API (not through the console) before they start. */
final class Fixtures {
    private Fixtures() {}

    /**
     * A Service with one named port {@code http} and the Endpoints that send it to the echo backend
     * on loopback (standing in for a Deployment's pods).
     */
    static void echoService(RestApi api, String namespace, String name, int servicePort, EchoBackend backend) {
        api.apply("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: %1$s
                  namespace: %2$s
                spec:
                  ports:
                  - name: http
                    port: %3$d
                ---
                apiVersion: v1
                kind: Endpoints
                metadata:
                  name: %1$s
                  namespace: %2$s
                subsets:
                - addresses:
                  - ip: 127.0.0.1
                  ports:
                  - name: http
                    port: %4$d
                """.formatted(name, namespace, servicePort, backend.port()));
    }

    /** An Ingress of class pipy routing {@code host}{@code path} (Prefix) to {@code service:port}, with a rewrite. */
    static String ingress(String namespace, String name, String host, String path, String service, int port,
                          String rewriteTo) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                  namespace: %s
                  annotations:
                    pipy.ingress.kubernetes.io/rewrite-target-from: "^%s/?"
                    pipy.ingress.kubernetes.io/rewrite-target-to: "%s"
                spec:
                  ingressClassName: pipy
                  rules:
                  - host: %s
                    http:
                      paths:
                      - path: %s
                        pathType: Prefix
                        backend:
                          service:
                            name: %s
                            port:
                              number: %d
                """.formatted(name, namespace, path, rewriteTo, host, path, service, port);
    }
}
