package io.meshgate.ingress.annotations;

import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;

/**
 * Meshgate's {@code meshgate.io/ssl-redirect} (ingress-nginx's {@code ssl-redirect}, default true):
 * false keeps this Ingress's routes served on plain HTTP for hosts that have a certificate, instead of
 * answering 308 to HTTPS. Not on a host whose certificate requires client certificates: plain HTTP
 * there always redirects (fail closed), and the Ingress is told so.
 */
public final class SslRedirect implements AnnotationFeature<Boolean> {
    @Override
    public IngressAnnotation<Boolean> row() {
        return IngressAnnotationTable.SSL_REDIRECT;
    }

    @Override
    public void apply(Boolean value, AnnotationContext context) {
        context.options().sslRedirect(value);
    }
}
