package io.meshgate.ingress.annotations;

import io.meshgate.resources.IngressAnnotations;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table of annotation features: one row per {@code pipy.ingress.kubernetes.io/*} annotation,
 * in the order of {@link IngressAnnotations#ALL}, then one per Meshgate annotation of
 * {@link IngressAnnotations#MESHGATE} (a test keeps the tables in step).
 */
public final class IngressAnnotationRegistry {

    /** Every feature, one per annotation. */
    public static final List<AnnotationFeature> FEATURES = List.of(
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
    public static Optional<AnnotationFeature> find(String annotation) {
        return FEATURES.stream().filter(f -> f.annotation().equals(annotation)).findFirst();
    }

    /**
     * Applies every known annotation of an Ingress (values must have passed
     * {@link IngressAnnotations#validate}); other annotations are ignored.
     */
    public static RouteOptions apply(Map<String, String> annotations, AnnotationContext context) {
        for (AnnotationFeature feature : FEATURES) {
            String value = annotations.get(feature.annotation());
            if (value != null) {
                feature.apply(value, context);
            }
        }
        return context.options().build();
    }
}
