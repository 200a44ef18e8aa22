package io.meshgate.ingress.annotations;

import io.meshgate.resources.IngressAnnotations;

/** {@code upstream-ssl-name}: the server name sent (SNI) and, when verifying, checked on HTTPS upstreams; turns upstream TLS on. */
public final class UpstreamSslName implements AnnotationFeature {
    @Override
    public String annotation() {
        return IngressAnnotations.UPSTREAM_SSL_NAME;
    }

    @Override
    public void apply(String value, AnnotationContext context) {
        context.options().upstreamServerName(value);
    }
}
