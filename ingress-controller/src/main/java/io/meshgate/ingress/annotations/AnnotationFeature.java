package io.meshgate.ingress.annotations;

import io.meshgate.resources.annotations.IngressAnnotation;

/**
 * What one Ingress annotation does to the settings of that Ingress's routes. Its name, grammar and
 * default come from its row of the annotation table; a feature only carries out the typed value.
 *
 * @param <T> the annotation's typed value
 */
public interface AnnotationFeature<T> {

    /** The annotation's row of {@link io.meshgate.resources.annotations.IngressAnnotationTable}. */
    IngressAnnotation<T> row();

    /** The full annotation key, e.g. {@code pipy.ingress.kubernetes.io/lb-type}. */
    default String annotation() {
        return row().name();
    }

    /**
     * Records the effect of {@code value} (read by the row's grammar) in the context's settings, or
     * reports a problem there (a missing Secret).
     */
    void apply(T value, AnnotationContext context);
}
