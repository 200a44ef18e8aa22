package io.meshgate.ingress.annotations;

import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;

/** {@code session-sticky}: FSM's true/false words; true pins each client address to one endpoint, as FSM's "Ingress Controller - Basics" demo shows. */
public final class SessionSticky implements AnnotationFeature<Boolean> {
    @Override
    public IngressAnnotation<Boolean> row() {
        return IngressAnnotationTable.SESSION_STICKY;
    }

    @Override
    public void apply(Boolean value, AnnotationContext context) {
        context.options().sticky(value);
    }
}
