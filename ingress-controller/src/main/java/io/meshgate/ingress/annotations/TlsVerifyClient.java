package io.meshgate.ingress.annotations;

import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;

/** {@code tls-verify-client}: require a client certificate on this Ingress's TLS hosts (FSM stores but ignores it; Meshgate enforces it per host). */
public final class TlsVerifyClient implements AnnotationFeature<Boolean> {
    @Override
    public IngressAnnotation<Boolean> row() {
        return IngressAnnotationTable.TLS_VERIFY_CLIENT;
    }

    @Override
    public void apply(Boolean value, AnnotationContext context) {
        context.options().verifyClient(value);
    }
}
