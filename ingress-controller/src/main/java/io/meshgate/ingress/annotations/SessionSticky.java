package io.meshgate.ingress.annotations;

import io.meshgate.resources.IngressAnnotations;

/** {@code session-sticky}: FSM's true/false words; true pins each client address to one endpoint, as the seed demo shows. */
public final class SessionSticky implements AnnotationFeature {
    @Override
    public String annotation() {
        return IngressAnnotations.SESSION_STICKY;
    }

    @Override
    public void apply(String value, AnnotationContext context) {
        context.options().sticky(IngressAnnotations.parseFlag(value).orElse(false));
    }
}
