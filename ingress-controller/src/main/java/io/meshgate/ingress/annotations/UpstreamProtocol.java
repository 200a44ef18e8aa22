package io.meshgate.ingress.annotations;

import io.meshgate.config.Cluster;
import io.meshgate.resources.IngressAnnotations;

/** {@code upstream-protocol}: {@code GRPC} (any case) speaks HTTP/2 to the upstream; {@code HTTP} is the default. */
public final class UpstreamProtocol implements AnnotationFeature {
    @Override
    public String annotation() {
        return IngressAnnotations.UPSTREAM_PROTOCOL;
    }

    @Override
    public void apply(String value, AnnotationContext context) {
        context.options().protocol("GRPC".equalsIgnoreCase(value)
                ? Cluster.UpstreamProtocol.HTTP2 : Cluster.UpstreamProtocol.HTTP1);
    }
}
