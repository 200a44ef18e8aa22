package io.meshgate.ingress;

import io.meshgate.resources.Resource;
import java.util.List;

/**
 * Which Ingresses are ours. An Ingress is handled when {@code spec.ingressClassName} or the legacy
 * {@code kubernetes.io/ingress.class} annotation names our class ({@code pipy} unless
 * {@link IngressSettings#ingressClass()} says otherwise), or when it names no class and our
 * IngressClass (a {@code flomesh.io/...} controller) is marked as the cluster's default class. Any
 * other class belongs to another controller and is left alone.
 */
final class IngressClassSelector {
    static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";
    static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

    private final String className;
    private final boolean weAreDefault;

    IngressClassSelector(String className, List<Resource> ingressClasses) {
        this.className = className;
        this.weAreDefault = ingressClasses.stream().anyMatch(c -> className.equals(c.name())
                && c.spec().path("controller").asText("").startsWith("flomesh.io/")
                && "true".equalsIgnoreCase(c.metadata().annotations().get(DEFAULT_CLASS_ANNOTATION)));
    }

    boolean handles(Resource ingress) {
        return handlesClass(namedClass(ingress));
    }

    /** Whether an Ingress naming class {@code named} (null: none) is ours. */
    boolean handlesClass(String named) {
        return named == null ? weAreDefault : className.equals(named);
    }

    /** The class an Ingress names ({@code spec.ingressClassName}, else the legacy annotation), or null. */
    static String namedClass(Resource ingress) {
        String named = ingress.spec().path("ingressClassName").asText(null);
        return named != null ? named : ingress.metadata().annotations().get(CLASS_ANNOTATION);
    }
}
