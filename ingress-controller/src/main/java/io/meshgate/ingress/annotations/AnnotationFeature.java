package io.meshgate.ingress.annotations;

/** What one Ingress annotation does to the settings of that Ingress's routes. */
public interface AnnotationFeature {

    /** The full annotation key, e.g. {@code pipy.ingress.kubernetes.io/lb-type}. */
    String annotation();

    /**
     * Records the effect of {@code value} (already validated) in the context's settings, or reports
     * a problem there (a missing Secret).
     */
    void apply(String value, AnnotationContext context);
}
