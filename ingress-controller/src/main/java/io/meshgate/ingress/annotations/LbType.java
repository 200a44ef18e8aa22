package io.meshgate.ingress.annotations;

import io.meshgate.config.Cluster;
import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;
import io.meshgate.resources.annotations.LoadBalancing;

/** {@code lb-type}: {@code round-robin}, {@code hashing} (by client address) or {@code least-work} for this Ingress's clusters. */
public final class LbType implements AnnotationFeature<LoadBalancing> {
    @Override
    public IngressAnnotation<LoadBalancing> row() {
        return IngressAnnotationTable.LB_TYPE;
    }

    @Override
    public void apply(LoadBalancing value, AnnotationContext context) {
        context.options().lbPolicy(policy(value));
    }

    /** The cluster policy for an {@code lb-type} value. */
    static Cluster.LbPolicy policy(LoadBalancing value) {
        return switch (value) {
            case ROUND_ROBIN -> Cluster.LbPolicy.ROUND_ROBIN;
            case HASHING -> Cluster.LbPolicy.HASHING;
            case LEAST_WORK -> Cluster.LbPolicy.LEAST_WORK;
        };
    }
}
