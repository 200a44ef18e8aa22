package io.meshgate.ingress.annotations;

import io.meshgate.config.Cluster;
import io.meshgate.resources.IngressAnnotations;

/** {@code lb-type}: {@code round-robin}, {@code hashing} (by client address) or {@code least-work} for this Ingress's clusters. */
public final class LbType implements AnnotationFeature {
    @Override
    public String annotation() {
        return IngressAnnotations.LB_TYPE;
    }

    @Override
    public void apply(String value, AnnotationContext context) {
        context.options().lbPolicy(switch (value) {
            case "hashing" -> Cluster.LbPolicy.HASHING;
            case "least-work" -> Cluster.LbPolicy.LEAST_WORK;
            default -> Cluster.LbPolicy.ROUND_ROBIN;
        });
    }
}
