package io.meshgate.ingress.annotations;

import io.meshgate.resources.IngressAnnotations;
import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table of annotation features: one per annotation of {@link IngressAnnotationTable} that sets
 * route options ({@link IngressAnnotation.Scope#ROUTES}), in the table's order (a test keeps the two
 * in step). The TLS passthrough annotations are read by the translator's passthrough step instead.
 */
public final class IngressAnnotationRegistry {

    /** Every feature, one per annotation. */
    public static final List<AnnotationFeature<?>> FEATURES = List.of(
            new RewriteTargetFrom(),
            new RewriteTargetTo(),
            new SessionSticky(),
            new LbType(),
            new UpstreamSslName(),
            new UpstreamSslSecret(),
            new UpstreamSslVerify(),
            new TlsVerifyClient(),
            new TlsVerifyDepth(),
            new TlsTrustedCaSecret(),
            new UpstreamProtocol(),
            new SslRedirect());

    private IngressAnnotationRegistry() {}

    /** The feature for a full annotation key. */
    public static Optional<AnnotationFeature<?>> find(String annotation) {
        return FEATURES.stream().filter(f -> f.annotation().equals(annotation)).findFirst();
    }

    /**
     * Applies every known annotation of an Ingress (values must have passed
     * {@link IngressAnnotations#validate}); other annotations are ignored.
     */
    public static RouteOptions apply(Map<String, String> annotations, AnnotationContext context) {
        for (AnnotationFeature<?> feature : FEATURES) {
            String value = annotations.get(feature.annotation());
            if (value != null) {
                applyText(feature, value, context);
            }
        }
        return context.options().build();
    }

    /**
     * Reads the text with the feature's grammar and applies the value. Text that does not parse is
     * skipped, leaving the table's default: validation refused it already, and the translator does
     * not serve an Ingress whose annotations do not validate.
     */
    private static <T> void applyText(AnnotationFeature<T> feature, String text, AnnotationContext context) {
        feature.row().parse(text).valueIfValid().ifPresent(value -> feature.apply(value, context));
    }
}
