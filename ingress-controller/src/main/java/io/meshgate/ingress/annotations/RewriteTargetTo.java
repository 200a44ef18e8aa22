package io.meshgate.ingress.annotations;

import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;
import io.meshgate.resources.annotations.RewriteTemplate;

/**
 * {@code rewrite-target-to}: the replacement for {@code rewrite-target-from}'s match. It is handed to
 * the gateway as written: the kernel's rewrite filter reads {@code $1..$9} and {@code $$} as the
 * annotation's grammar does.
 */
public final class RewriteTargetTo implements AnnotationFeature<RewriteTemplate> {
    @Override
    public IngressAnnotation<RewriteTemplate> row() {
        return IngressAnnotationTable.REWRITE_TARGET_TO;
    }

    @Override
    public void apply(RewriteTemplate value, AnnotationContext context) {
        context.options().rewriteTo(value.text());
    }
}
