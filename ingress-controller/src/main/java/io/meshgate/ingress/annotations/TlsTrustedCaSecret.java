package io.meshgate.ingress.annotations;

import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;
import io.meshgate.resources.annotations.SecretReference;

/** {@code tls-trusted-ca-secret}: a Secret whose {@code ca.crt} lists the client CAs trusted on this Ingress's TLS hosts (FSM adds it to one global list; Meshgate keeps it per host). */
public final class TlsTrustedCaSecret implements AnnotationFeature<SecretReference> {
    @Override
    public IngressAnnotation<SecretReference> row() {
        return IngressAnnotationTable.TLS_TRUSTED_CA_SECRET;
    }

    @Override
    public void apply(SecretReference value, AnnotationContext context) {
        context.secret(annotation(), value, "ca.crt")
                .ifPresent(data -> context.options().trustedClientCa(data.get("ca.crt")));
    }
}
