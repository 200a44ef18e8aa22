package io.meshgate.ingress.annotations;

import io.meshgate.resources.IngressAnnotations;

/** {@code tls-verify-client}: require a client certificate on this Ingress's TLS hosts (FSM stores but ignores it; Meshgate enforces it per host). */
public final class TlsVerifyClient implements AnnotationFeature {
    @Override
    public String annotation() {
        return IngressAnnotations.TLS_VERIFY_CLIENT;
    }

    @Override
    public void apply(String value, AnnotationContext context) {
        context.options().verifyClient(IngressAnnotations.parseFlag(value).orElse(false));
    }
}
