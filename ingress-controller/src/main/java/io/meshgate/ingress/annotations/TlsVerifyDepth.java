package io.meshgate.ingress.annotations;

import io.meshgate.resources.IngressAnnotations;

/** {@code tls-verify-depth}: the longest client certificate chain accepted on this Ingress's TLS hosts (default 1; enforced per host, which FSM does not do). */
public final class TlsVerifyDepth implements AnnotationFeature {
    @Override
    public String annotation() {
        return IngressAnnotations.TLS_VERIFY_DEPTH;
    }

    @Override
    public void apply(String value, AnnotationContext context) {
        context.options().verifyDepth(Integer.parseInt(value));
    }
}
