package io.meshgate.ingress.annotations;

import com.google.re2j.Pattern;
import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;

/** {@code rewrite-target-from}: the RE2 regex of the path part to replace; with {@code rewrite-target-to} it becomes the route's Rewrite filter, applied after routing as FSM does. */
public final class RewriteTargetFrom implements AnnotationFeature<Pattern> {
    @Override
    public IngressAnnotation<Pattern> row() {
        return IngressAnnotationTable.REWRITE_TARGET_FROM;
    }

    @Override
    public void apply(Pattern value, AnnotationContext context) {
        context.options().rewriteFrom(value.pattern());
    }
}
