package io.meshgate.resources.kinds;

import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.bool;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.port;
import static io.meshgate.resources.schema.Schemas.string;

import io.meshgate.resources.schema.Format;
import io.meshgate.resources.schema.Formats;
import java.util.Optional;

/**
 * ServiceExport ({@code multicluster.flomesh.io} or {@code flomesh.io}, v1alpha1): exports the
 * Service of the same name to other clusters through ingress rules. The balancer names are the
 * CRD's ({@code RoundRobinLoadBalancer}...), not the Ingress annotation's.
 */
public final class ServiceExportValidator extends SchemaValidator {
    private static final Format ACCOUNT = value -> value.equals("*") ? Optional.empty()
            : Formats.DNS1123_SUBDOMAIN.problem(value).map(p -> "must be \"*\" or a ServiceAccount name: " + p);

    public ServiceExportValidator() {
        super(object().required("spec", object()
                .optional("pathRewrite", object()
                        .optional("from", string(Formats.REGEX))
                        .optional("to", string().maxLength(1024).format(Formats.SINGLE_LINE)))
                .optional("sessionSticky", bool())
                .optional("loadBalancer", oneOf("RoundRobinLoadBalancer", "HashingLoadBalancer", "LeastWorkLoadBalancer"))
                .required("rules", array(object()
                        .optional("portNumber", port())
                        .optional("path", string(Formats.ABSOLUTE_PATH))
                        .required("pathType", oneOf("Exact", "Prefix")))
                        .nonEmpty())
                .optional("targetClusters", array(string(MulticlusterSchemas.CLUSTER_KEY)).unique())
                .optional("serviceAccountName", string(ACCOUNT))));
    }
}
