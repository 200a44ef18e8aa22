package io.meshgate.resources.kinds;

import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.nonNegative;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.string;

/**
 * GlobalTrafficPolicy ({@code multicluster.flomesh.io} or {@code flomesh.io}, v1alpha1): how calls
 * to the Service of the same name use other clusters. {@code Locality} (the default) stays local;
 * {@code FailOver} and {@code ActiveActive} need target clusters.
 */
public final class GlobalTrafficPolicyValidator extends SchemaValidator {

    public GlobalTrafficPolicyValidator() {
        super(object().required("spec", object()
                .optional("lbType", oneOf("Locality", "ActiveActive", "FailOver"))
                .optional("targets", array(object()
                        .required("clusterKey", string(MulticlusterSchemas.CLUSTER_KEY))
                        .optional("weight", nonNegative()))
                        .uniqueBy(target -> target.path("clusterKey").asText()))
                .rule((spec, path, problems) -> {
                    String lbType = spec.path("lbType").asText("Locality");
                    if (!lbType.equals("Locality") && spec.path("targets").isEmpty()) {
                        problems.required(path.child("targets"), lbType + " needs at least one target cluster");
                    }
                })));
    }
}
