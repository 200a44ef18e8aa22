package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.namespaceName;
import static io.meshgate.resources.kinds.CommonSchemas.objectName;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.port;
import static io.meshgate.resources.schema.Schemas.string;

import io.meshgate.resources.schema.Formats;

/**
 * Cluster ({@code multicluster.flomesh.io} or {@code flomesh.io}, v1alpha1; cluster-scoped): a
 * member cluster, where its gateway listens and how to reach its API. The kubeconfig is a
 * credential: {@link io.meshgate.resources.SensitiveFields} lists it, so viewers and the audit see it
 * redacted.
 */
public final class ClusterValidator extends SchemaValidator {
    /** Largest kubeconfig accepted. */
    static final int MAX_KUBECONFIG_CHARS = 1024 * 1024;

    public ClusterValidator() {
        super(object().required("spec", object()
                .optional("region", string(Formats.DNS1123_LABEL))
                .optional("zone", string(Formats.DNS1123_LABEL))
                .optional("group", string(Formats.DNS1123_LABEL))
                .optional("gatewayHost", string(MulticlusterSchemas.HOST_OR_IP))
                .optional("gatewayPort", port())
                .optional("kubeconfig", string().maxLength(MAX_KUBECONFIG_CHARS))
                .optional("fsmMeshConfigName", objectName())
                .optional("fsmNamespace", namespaceName())));
    }
}
