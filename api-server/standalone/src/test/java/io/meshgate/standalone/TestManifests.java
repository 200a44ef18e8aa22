package io.meshgate.standalone;

/** Manifests several Kubernetes-mode tests create in the mock cluster, as the seed's demos write them. */
final class TestManifests {
    /** The seed's Retry policy (curl -> httpbin, 5 retries on 5xx). */
    static final String RETRY = """
            kind: Retry
            apiVersion: policy.flomesh.io/v1alpha1
            metadata: {name: retry, namespace: curl}
            spec:
              source: {kind: ServiceAccount, name: curl, namespace: curl}
              destinations: [{kind: Service, name: httpbin, namespace: httpbin}]
              retryPolicy: {retryOn: "5xx", perTryTimeout: 1s, numRetries: 5, retryBackoffBaseInterval: 1s}
            """;

    private TestManifests() {}
}
