package io.meshgate.ingress.annotations;

import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;

/**
 * {@code upstream-ssl-verify}: whether the upstream certificate is verified (default false, as in FSM).
 * The chain is verified against the {@code upstream-ssl-secret}'s {@code ca.crt}, and the certificate
 * must name {@code upstream-ssl-name}, else the rule's host (see {@link RouteOptions#forHost}).
 */
public final class UpstreamSslVerify implements AnnotationFeature<Boolean> {
    @Override
    public IngressAnnotation<Boolean> row() {
        return IngressAnnotationTable.UPSTREAM_SSL_VERIFY;
    }

    @Override
    public void apply(Boolean value, AnnotationContext context) {
        context.options().upstreamVerify(value);
    }
}
