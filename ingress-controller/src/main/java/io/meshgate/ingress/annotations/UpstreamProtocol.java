package io.meshgate.ingress.annotations;

import io.meshgate.config.Cluster;
import io.meshgate.resources.annotations.BackendProtocol;
import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;

/** {@code upstream-protocol}: {@code GRPC} (any case) speaks HTTP/2 to the upstream; {@code HTTP} is the default. */
public final class UpstreamProtocol implements AnnotationFeature<BackendProtocol> {
    @Override
    public IngressAnnotation<BackendProtocol> row() {
        return IngressAnnotationTable.UPSTREAM_PROTOCOL;
    }

    @Override
    public void apply(BackendProtocol value, AnnotationContext context) {
        context.options().protocol(wire(value));
    }

    /** What the cluster speaks for an {@code upstream-protocol} value. */
    static Cluster.UpstreamProtocol wire(BackendProtocol value) {
        return switch (value) {
            case GRPC -> Cluster.UpstreamProtocol.HTTP2;
            case HTTP -> Cluster.UpstreamProtocol.HTTP1;
        };
    }
}
