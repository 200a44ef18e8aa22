package io.meshgate.ingress;

import io.meshgate.resources.Resource;
import java.util.List;

/**
 * Which Ingresses are ours. An Ingress is handled when {@code spec.ingressClassName} or the legacy
 * {@code kubernetes.io/ingress.class} annotation says {@code pipy}, or when it names no class and
 * the IngressClass {@code pipy} (a {@code flomesh.io/...} controller) is marked as the cluster's
 * default class. Any other class belongs to another controller and is left alone.
 */
final class IngressClassSelector {
    static final String CLASS_NAME = "pipy";
    static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";
    static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

    private final boolean weAreDefault;

    IngressClassSelector(List<Resource> ingressClasses) {
        this.weAreDefault = ingressClasses.stream().anyMatch(c -> CLASS_NAME.equals(c.name())
                && c.spec().path("controller").asText("").startsWith("flomesh.io/")
                && "true".equalsIgnoreCase(c.metadata().annotations().get(DEFAULT_CLASS_ANNOTATION)));
    }

    boolean handles(Resource ingress) {
        String className = ingress.spec().path("ingressClassName").asText(null);
        if (className == null) {
            className = ingress.metadata().annotations().get(CLASS_ANNOTATION);
        }
        return className == null ? weAreDefault : CLASS_NAME.equals(className);
    }
}
