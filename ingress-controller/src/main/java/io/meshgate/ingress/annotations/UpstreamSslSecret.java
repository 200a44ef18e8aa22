package io.meshgate.ingress.annotations;

import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;
import io.meshgate.resources.annotations.SecretReference;

/** {@code upstream-ssl-secret}: a Secret with {@code ca.crt} (and optional {@code tls.crt}/{@code tls.key} for mTLS) for HTTPS upstreams; turns upstream TLS on. A missing Secret is reported and the Ingress is not served. */
public final class UpstreamSslSecret implements AnnotationFeature<SecretReference> {
    @Override
    public IngressAnnotation<SecretReference> row() {
        return IngressAnnotationTable.UPSTREAM_SSL_SECRET;
    }

    @Override
    public void apply(SecretReference value, AnnotationContext context) {
        context.secret(annotation(), value, "ca.crt").ifPresent(data -> context.options()
                .upstreamSecret(data.get("ca.crt"), data.get("tls.crt"), data.get("tls.key")));
    }
}
