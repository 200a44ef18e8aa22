package io.meshgate.ingress.annotations;

import io.meshgate.resources.IngressAnnotations;

/** {@code tls-trusted-ca-secret}: a Secret whose {@code ca.crt} lists the client CAs trusted on this Ingress's TLS hosts (FSM adds it to one global list; Meshgate keeps it per host). */
public final class TlsTrustedCaSecret implements AnnotationFeature {
    @Override
    public String annotation() {
        return IngressAnnotations.TLS_TRUSTED_CA_SECRET;
    }

    @Override
    public void apply(String value, AnnotationContext context) {
        context.secret(annotation(), value, "ca.crt")
                .ifPresent(data -> context.options().trustedClientCa(data.get("ca.crt")));
    }
}
