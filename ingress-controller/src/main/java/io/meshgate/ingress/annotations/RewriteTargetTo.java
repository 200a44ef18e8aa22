package io.meshgate.ingress.annotations;

import io.meshgate.resources.IngressAnnotations;

/** {@code rewrite-target-to}: the replacement for {@code rewrite-target-from}'s match ({@code $1..$9} insert groups). */
public final class RewriteTargetTo implements AnnotationFeature {
    @Override
    public String annotation() {
        return IngressAnnotations.REWRITE_TARGET_TO;
    }

    @Override
    public void apply(String value, AnnotationContext context) {
        context.options().rewriteTo(value);
    }
}
