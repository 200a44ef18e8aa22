package io.meshgate.db;

import java.util.Objects;

/**
 * The workload identity a {@link Role#SIDECAR} token is bound to: it may register and remove only
 * workloads of this namespace and service account.
 *
 * @param namespace      the workloads' namespace
 * @param serviceAccount the workloads' service account
 */
public record TokenBinding(String namespace, String serviceAccount) {

    public TokenBinding {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        Names.checkPart("namespace", namespace, false);
        Names.checkPart("service account", serviceAccount, false);
        if (namespace.length() > 63) {
            throw new IllegalArgumentException("namespace is longer than 63 characters");
        }
    }
}
