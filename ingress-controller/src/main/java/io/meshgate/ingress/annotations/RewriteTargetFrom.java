package io.meshgate.ingress.annotations;

import io.meshgate.resources.IngressAnnotations;

/** {@code rewrite-target-from}: the RE2 regex of the path part to replace; with {@code rewrite-target-to} it becomes the route's Rewrite filter, applied after routing as FSM does. */
public final class RewriteTargetFrom implements AnnotationFeature {
    @Override
    public String annotation() {
        return IngressAnnotations.REWRITE_TARGET_FROM;
    }

    @Override
    public void apply(String value, AnnotationContext context) {
        context.options().rewriteFrom(value);
    }
}
