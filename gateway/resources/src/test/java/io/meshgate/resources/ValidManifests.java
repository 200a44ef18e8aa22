package io.meshgate.resources;

import java.util.LinkedHashMap;
import java.util.Map;

/** One small valid manifest per served kind: the bases the invalid cases mutate. */
final class ValidManifests {
    static final Map<String, String> BY_KIND = new LinkedHashMap<>();

    static {
        BY_KIND.put("Namespace", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: httpbin
                  labels:
                    flomesh.io/monitored-by: fsm
                """);
        BY_KIND.put("Service", """
                apiVersion: v1
                kind: Service
                metadata: {name: fortio, namespace: server}
                spec:
                  selector: {app: fortio}
                  ports:
                  - {name: http, port: 8080, targetPort: 8080}
                  - {name: grpc, port: 8079, targetPort: grpc, appProtocol: grpc}
                """);
        BY_KIND.put("Endpoints", """
                apiVersion: v1
                kind: Endpoints
                metadata: {name: fortio, namespace: server}
                subsets:
                - addresses: [{ip: 127.0.0.1}, {ip: "::1"}]
                  ports: [{name: http, port: 18080}]
                """);
        BY_KIND.put("Secret", """
                apiVersion: v1
                kind: Secret
                metadata: {name: ingress-cert, namespace: httpbin}
                type: kubernetes.io/tls
                data:
                  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
                  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCg==
                """);
        BY_KIND.put("ServiceAccount", """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: curl, namespace: curl}
                automountServiceAccountToken: false
                """);
        BY_KIND.put("ConfigMap", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: default}
                data: {mode: fast}
                """);
        BY_KIND.put("Pod", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: bookstore-v1-0
                  namespace: bookstore
                  labels: {app: bookstore, version: v1}
                spec:
                  serviceAccountName: bookstore
                  containers:
                  - name: bookstore
                    image: flomesh/bookstore:latest
                    ports: [{name: web, containerPort: 14001}]
                status:
                  phase: Running
                  podIP: 10.0.0.7
                  podIPs: [{ip: 10.0.0.7}]
                """);
        BY_KIND.put("Ingress", """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: httpbin
                  namespace: httpbin
                  annotations:
                    pipy.ingress.kubernetes.io/lb-type: hashing
                spec:
                  ingressClassName: pipy
                  rules:
                  - host: example.com
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service: {name: httpbin, port: {number: 8000}}
                  tls:
                  - hosts: [example.com]
                    secretName: ingress-cert
                """);
        BY_KIND.put("IngressClass", """
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata: {name: pipy}
                spec:
                  controller: flomesh.io/ingress-pipy
                  parameters: {apiGroup: flomesh.io, kind: IngressParameters, name: pipy, scope: Cluster}
                """);
        BY_KIND.put("IngressBackend", """
                apiVersion: policy.flomesh.io/v1alpha1
                kind: IngressBackend
                metadata: {name: httpbin, namespace: httpbin}
                spec:
                  backends:
                  - name: httpbin
                    port: {number: 14001, protocol: http}
                  sources:
                  - {kind: Service, namespace: fsm-system, name: fsm-ingress}
                """);
        BY_KIND.put("Egress", """
                apiVersion: policy.flomesh.io/v1alpha1
                kind: Egress
                metadata: {name: httpbin-80, namespace: curl}
                spec:
                  sources:
                  - kind: ServiceAccount
                    name: curl
                    namespace: curl
                    mtls:
                      issuer: other
                      cert:
                        sn: 1
                        subjectAltNames: [flomesh.io]
                        expiration: 2030-1-1 00:00:00
                        secret: {name: egress-cert, namespace: fsm-system}
                  hosts: [httpbin.org]
                  ipAddresses: [10.0.0.0/8]
                  ports: [{number: 80, protocol: http}]
                  matches:
                  - {apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: egress-http-route}
                """);
        BY_KIND.put("EgressGateway", """
                apiVersion: policy.flomesh.io/v1alpha1
                kind: EgressGateway
                metadata: {name: global-egress-gateway, namespace: fsm-system}
                spec:
                  global:
                  - {service: fsm-egress-gateway, namespace: fsm-system, weight: 1}
                """);
        BY_KIND.put("UpstreamTrafficSetting", """
                apiVersion: policy.flomesh.io/v1alpha1
                kind: UpstreamTrafficSetting
                metadata: {name: http-circuit-breaking, namespace: server}
                spec:
                  host: fortio.server.svc.cluster.local
                  connectionSettings:
                    tcp: {maxConnections: 100, connectTimeout: 5s}
                    http:
                      maxRequestsPerConnection: 10
                      circuitBreaking:
                        statTimeWindow: 1m
                        minRequestAmount: 200
                        errorRatioThreshold: 0.10
                        degradedTimeWindow: 10s
                        degradedStatusCode: 503
                  rateLimit:
                    local:
                      http: {requests: 3, unit: minute, burst: 10, responseStatusCode: 429}
                  httpRoutes:
                  - path: .*
                    rateLimit:
                      local: {requests: 3, unit: minute}
                """);
        BY_KIND.put("Retry", """
                apiVersion: policy.flomesh.io/v1alpha1
                kind: Retry
                metadata: {name: retry, namespace: curl}
                spec:
                  source: {kind: ServiceAccount, name: curl, namespace: curl}
                  destinations:
                  - {kind: Service, name: httpbin, namespace: httpbin}
                  retryPolicy: {retryOn: "5xx,gateway-error", perTryTimeout: 1s, numRetries: 5, retryBackoffBaseInterval: 1s}
                """);
        BY_KIND.put("AccessControl", """
                apiVersion: policy.flomesh.io/v1alpha1
                kind: AccessControl
                metadata: {name: httpbin, namespace: httpbin}
                spec:
                  backends:
                  - name: httpbin
                    port: {number: 14001, protocol: http}
                  sources:
                  - {kind: IPRange, name: 10.244.1.19/32}
                  - {kind: AuthenticatedPrincipal, name: curl.curl.cluster.local}
                """);
        BY_KIND.put("AccessCert", """
                apiVersion: policy.flomesh.io/v1alpha1
                kind: AccessCert
                metadata: {name: curl-mtls-cert, namespace: httpbin}
                spec:
                  subjectAltNames: [curl.curl.cluster.local]
                  secret: {name: curl-mtls-secret, namespace: curl}
                """);
        BY_KIND.put("TrafficSplit", """
                apiVersion: split.smi-spec.io/v1alpha4
                kind: TrafficSplit
                metadata: {name: httpbin-split, namespace: httpbin}
                spec:
                  service: httpbin
                  matches: [{kind: HTTPRouteGroup, name: httpbin-test}]
                  backends:
                  - {service: httpbin-v1, weight: 75}
                  - {service: httpbin-v2, weight: 25}
                """);
        BY_KIND.put("HTTPRouteGroup", """
                apiVersion: specs.smi-spec.io/v1alpha4
                kind: HTTPRouteGroup
                metadata: {name: httpbin-test, namespace: httpbin}
                spec:
                  matches:
                  - name: test
                    pathRegex: /test
                    methods: [GET]
                    headers:
                    - user-agent: ".*Android.*"
                """);
        BY_KIND.put("TCPRoute", """
                apiVersion: specs.smi-spec.io/v1alpha4
                kind: TCPRoute
                metadata: {name: tcp-echo-route, namespace: tcp-demo}
                spec:
                  matches:
                    ports: [9000]
                """);
        BY_KIND.put("TrafficTarget", """
                apiVersion: access.smi-spec.io/v1alpha3
                kind: TrafficTarget
                metadata: {name: tcp-access, namespace: tcp-demo}
                spec:
                  destination: {kind: ServiceAccount, name: tcp-echo, namespace: tcp-demo}
                  sources:
                  - {kind: ServiceAccount, name: curl, namespace: curl}
                  rules:
                  - {kind: TCPRoute, name: tcp-echo-route}
                """);
        BY_KIND.put("MeshConfig", """
                apiVersion: config.flomesh.io/v1alpha3
                kind: MeshConfig
                metadata: {name: fsm-mesh-config, namespace: fsm-system}
                spec:
                  traffic: {enableEgress: false, outboundIPRangeExclusionList: [54.91.118.50/32]}
                  ingress:
                    tls: {enabled: true, sslPassthrough: {enabled: false, upstreamPort: 443}}
                  sidecar: {localProxyMode: Localhost}
                  warmup: {duration: 90s}
                """);
        BY_KIND.put("Plugin", """
                apiVersion: plugin.flomesh.io/v1alpha1
                kind: Plugin
                metadata: {name: token-injector}
                spec:
                  priority: 115
                  pipyscript: |
                    pipy().pipeline().chain()
                """);
        BY_KIND.put("PluginChain", """
                apiVersion: plugin.flomesh.io/v1alpha1
                kind: PluginChain
                metadata: {name: token-injector-chain, namespace: curl}
                spec:
                  chains:
                  - name: outbound-http
                    plugins: [token-injector]
                  selectors:
                    podSelector:
                      matchLabels: {app: curl}
                      matchExpressions:
                      - {key: app, operator: In, values: [curl]}
                    namespaceSelector:
                      matchExpressions:
                      - {key: flomesh.io/monitored-by, operator: In, values: [fsm]}
                """);
        BY_KIND.put("PluginConfig", """
                apiVersion: plugin.flomesh.io/v1alpha1
                kind: PluginConfig
                metadata: {name: token-injector-config, namespace: curl}
                spec:
                  plugin: token-injector
                  config: {AccessToken: abc}
                  destinationRefs:
                  - {kind: Service, name: httpbin, namespace: httpbin}
                """);
        BY_KIND.put("ServiceExport", """
                apiVersion: multicluster.flomesh.io/v1alpha1
                kind: ServiceExport
                metadata: {name: httpbin, namespace: httpbin}
                spec:
                  loadBalancer: RoundRobinLoadBalancer
                  serviceAccountName: "*"
                  rules:
                  - {portNumber: 8080, path: /cluster-1/httpbin-mesh, pathType: Prefix}
                """);
        BY_KIND.put("ServiceImport", """
                apiVersion: multicluster.flomesh.io/v1alpha1
                kind: ServiceImport
                metadata: {name: httpbin, namespace: httpbin}
                spec:
                  type: ClusterSetIP
                  ports:
                  - port: 8080
                    protocol: TCP
                    endpoints:
                    - clusterKey: default/default/default/cluster-1
                      target: {host: 192.168.1.110, ip: 192.168.1.110, port: 81, path: /cluster-1/httpbin-mesh}
                """);
        BY_KIND.put("GlobalTrafficPolicy", """
                apiVersion: multicluster.flomesh.io/v1alpha1
                kind: GlobalTrafficPolicy
                metadata: {name: httpbin, namespace: httpbin}
                spec:
                  lbType: FailOver
                  targets:
                  - clusterKey: default/default/default/cluster-1
                """);
        BY_KIND.put("Cluster", """
                apiVersion: multicluster.flomesh.io/v1alpha1
                kind: Cluster
                metadata: {name: cluster-1}
                spec:
                  gatewayHost: 192.168.1.110
                  gatewayPort: 81
                  kubeconfig: "apiVersion: v1"
                """);
    }

    private ValidManifests() {}

    static Resource parse(String kind) {
        String yaml = BY_KIND.get(kind);
        if (yaml == null) {
            throw new IllegalArgumentException("no valid manifest for " + kind);
        }
        return new ResourceCodec().parseYaml(yaml).get(0);
    }
}
