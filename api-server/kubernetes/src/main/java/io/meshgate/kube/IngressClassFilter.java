package io.meshgate.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.Resource;
import java.util.List;
import java.util.Map;

/**
 * Picks the Ingresses of the class this controller serves ({@code --ingress-class}), with the same
 * rules as the translator: {@code spec.ingressClassName}, else the legacy
 * {@value #CLASS_ANNOTATION} annotation, else (no class named at all) only when our IngressClass is
 * the cluster default, i.e. annotated {@value #DEFAULT_CLASS_ANNOTATION}{@code : "true"} and owned by a
 * {@code flomesh.io/} controller.
 *
 * <p>The translator itself only knows the class {@value #TRANSLATOR_CLASS}: the Ingresses chosen here are
 * handed to it with {@code spec.ingressClassName} set to that name, so the class name stays a
 * deployment choice and the translator stays unchanged.
 */
public final class IngressClassFilter {
    static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";
    static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";
    /** The class {@link io.meshgate.ingress.IngressTranslator} serves. */
    static final String TRANSLATOR_CLASS = "pipy";

    private final String className;
    private final boolean weAreDefault;

    public IngressClassFilter(String className, List<Resource> ingressClasses) {
        this.className = className;
        this.weAreDefault = ingressClasses.stream().anyMatch(c -> className.equals(c.name())
                && c.spec().path("controller").asText("").startsWith("flomesh.io/")
                && "true".equalsIgnoreCase(c.metadata().annotations().get(DEFAULT_CLASS_ANNOTATION)));
    }

    /** True when {@code ingress} belongs to this controller. */
    public boolean handles(Resource ingress) {
        String named = ingress.spec().path("ingressClassName").asText(null);
        if (named == null) {
            named = ingress.metadata().annotations().get(CLASS_ANNOTATION);
        }
        return named == null ? weAreDefault : className.equals(named);
    }

    /** Our Ingresses, each marked with the translator's class. */
    public List<Resource> select(List<Resource> ingresses) {
        return ingresses.stream().filter(this::handles).map(IngressClassFilter::forTranslator).toList();
    }

    private static Resource forTranslator(Resource ingress) {
        ObjectNode spec = ingress.spec();
        spec.put("ingressClassName", TRANSLATOR_CLASS);
        Map<String, String> annotations = new java.util.LinkedHashMap<>(ingress.metadata().annotations());
        annotations.remove(CLASS_ANNOTATION);
        return ingress.withSpec(spec).withMetadata(ingress.metadata().withAnnotations(annotations));
    }
}
