package io.meshgate.standalone;

import io.meshgate.kernel.warmup.ThrowawayCertificate;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * What {@link AotTraining} applies, as a user would: a Service with its Endpoints (the loopback origin), the TLS
 * Secret of the throwaway certificate, and three Ingresses of class {@code pipy} in namespace {@value #NAMESPACE}:
 * a catch-all on {@code /} (the requests whose Host is an address), the certificate's host over TLS and a path
 * rewrite on that host's {@code /api} (both with plain HTTP kept, not redirected, so that both listeners carry them).
 * The rewrite's target alternates with each change, so every change is a real translation and config swap.
 */
final class AotTrainingManifests {
    static final String NAMESPACE = "aot-train";
    private static final String HOST = ThrowawayCertificate.SERVER_NAME;

    private AotTrainingManifests() {
    }

    /** The origin's Service and Endpoints and the TLS Secret, as one apply (a List). */
    static String backend(int originPort, ThrowawayCertificate certificate) throws GeneralSecurityException {
        return """
                {"apiVersion": "v1", "kind": "List", "items": [
                 {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "origin", "namespace": "%1$s"},
                  "spec": {"ports": [{"name": "http", "port": 80}]}},
                 {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "origin", "namespace": "%1$s"},
                  "subsets": [{"addresses": [{"ip": "127.0.0.1"}], "ports": [{"name": "http", "port": %2$d}]}]},
                 {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
                  "metadata": {"name": "origin-tls", "namespace": "%1$s"},
                  "data": {"tls.crt": "%3$s", "tls.key": "%4$s"}}]}
                """.formatted(NAMESPACE, originPort, base64(certificate.certificatePem()),
                base64(certificate.privateKeyPem()));
    }

    /** The three Ingresses, the {@code change}-th time (the rewrite's target alternates between two paths). */
    static String ingresses(int change) {
        return """
                {"apiVersion": "v1", "kind": "List", "items": [
                 {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                  "metadata": {"name": "catch-all", "namespace": "%1$s"},
                  "spec": {"ingressClassName": "pipy", "rules": [{"http": {"paths": [%2$s]}}]}},
                 {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                  "metadata": {"name": "tls-host", "namespace": "%1$s",
                   "annotations": {"meshgate.io/ssl-redirect": "false"}},
                  "spec": {"ingressClassName": "pipy", "tls": [{"hosts": ["%3$s"], "secretName": "origin-tls"}],
                   "rules": [{"host": "%3$s", "http": {"paths": [%2$s]}}]}},
                 {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                  "metadata": {"name": "rewrite", "namespace": "%1$s",
                   "annotations": {"meshgate.io/ssl-redirect": "false",
                    "pipy.ingress.kubernetes.io/rewrite-target-from": "^/api/v1/?",
                    "pipy.ingress.kubernetes.io/rewrite-target-to": "/v%4$d/"}},
                  "spec": {"ingressClassName": "pipy",
                   "rules": [{"host": "%3$s", "http": {"paths": [%5$s]}}]}}]}
                """.formatted(NAMESPACE, path("/"), HOST, 1 + change % 2, path("/api"));
    }

    private static String path(String prefix) {
        return """
                {"path": "%s", "pathType": "Prefix", "backend": {"service": {"name": "origin", "port": {"number": 80}}}}"""
                .formatted(prefix);
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
