package io.meshgate.ingress.annotations;

import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;

/** {@code upstream-ssl-name}: the server name sent (SNI) and, when verifying, checked on HTTPS upstreams; turns upstream TLS on. */
public final class UpstreamSslName implements AnnotationFeature<String> {
    @Override
    public IngressAnnotation<String> row() {
        return IngressAnnotationTable.UPSTREAM_SSL_NAME;
    }

    @Override
    public void apply(String value, AnnotationContext context) {
        context.options().upstreamServerName(value);
    }
}
