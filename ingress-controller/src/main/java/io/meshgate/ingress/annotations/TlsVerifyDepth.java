package io.meshgate.ingress.annotations;

import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;

/** {@code tls-verify-depth}: the longest client certificate chain accepted on this Ingress's TLS hosts (default 1; enforced per host, which FSM does not do). */
public final class TlsVerifyDepth implements AnnotationFeature<Integer> {
    @Override
    public IngressAnnotation<Integer> row() {
        return IngressAnnotationTable.TLS_VERIFY_DEPTH;
    }

    @Override
    public void apply(Integer value, AnnotationContext context) {
        context.options().verifyDepth(value);
    }
}
