package io.meshgate.ingress.annotations;

import io.meshgate.resources.IngressAnnotations;

/**
 * Meshgate's {@code meshgate.io/ssl-redirect} (ingress-nginx's {@code ssl-redirect}, default true):
 * false keeps this Ingress's routes served on plain HTTP for hosts that have a certificate, instead of
 * answering 308 to HTTPS.
 */
public final class SslRedirect implements AnnotationFeature {
    @Override
    public String annotation() {
        return IngressAnnotations.SSL_REDIRECT;
    }

    @Override
    public void apply(String value, AnnotationContext context) {
        context.options().sslRedirect(IngressAnnotations.parseFlag(value).orElse(true));
    }
}
