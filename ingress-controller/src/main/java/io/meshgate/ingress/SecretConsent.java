package io.meshgate.ingress;

import io.meshgate.ingress.annotations.SecretReferencePolicy;
import io.meshgate.resources.Resource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Who may name a Secret of another namespace in an annotation ({@code upstream-ssl-secret: ns/name}):
 * anyone for Secrets of the control plane's namespace ({@value IngressSettings#CONTROL_PLANE_NAMESPACE},
 * whose gateway certificate FSM's demos point at), else only namespaces the Secret itself lists in
 * {@value #ALLOW_REFERENCE_FROM} (comma-separated, or {@code *}). Without that consent an Ingress author
 * could read another team's CA or client key into their own routes. A refused Secret is not looked
 * at further, so the answer does not tell whether it exists.
 */
final class SecretConsent implements SecretReferencePolicy {
    /** The annotation on a Secret listing the namespaces whose Ingresses may name it. */
    static final String ALLOW_REFERENCE_FROM = "meshgate.io/allow-reference-from";

    private final ResourceFinder finder;

    SecretConsent(ResourceFinder finder) {
        this.finder = finder;
    }

    @Override
    public Optional<String> refusal(String fromNamespace, String namespace, String name) {
        if (namespace.equals(fromNamespace) || namespace.equals(IngressSettings.CONTROL_PLANE_NAMESPACE)) {
            return Optional.empty();
        }
        Optional<Resource> secret = finder.find("Secret", namespace, name);
        String listed = secret.map(s -> s.metadata().annotations().get(ALLOW_REFERENCE_FROM)).orElse(null);
        List<String> allowed = listed == null ? List.of()
                : Arrays.stream(listed.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (allowed.contains("*") || allowed.contains(fromNamespace)) {
            return Optional.empty();
        }
        return Optional.of("Secret " + namespace + "/" + name + " is in another namespace and its annotation "
                + ALLOW_REFERENCE_FROM + " does not list namespace " + fromNamespace);
    }
}
