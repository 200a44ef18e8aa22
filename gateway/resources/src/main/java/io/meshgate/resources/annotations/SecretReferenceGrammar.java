package io.meshgate.resources.annotations;

import io.meshgate.resources.schema.Formats;
import java.util.Optional;

/**
 * A Secret as {@code name} or {@code namespace/name}. Only the form is checked here; whether the
 * Secret exists and holds the keys needed is the ingress controller's question, asked when it serves
 * the Ingress (the answer can change after the Ingress is stored).
 */
public final class SecretReferenceGrammar implements Grammar<SecretReference> {
    private final String holds;

    /** @param holds what the Secret must hold, for help texts, e.g. "ca.crt with the client CAs to trust" */
    public SecretReferenceGrammar(String holds) {
        this.holds = holds;
    }

    @Override
    public Parsed<SecretReference> parse(String text) {
        int slash = text.indexOf('/');
        Optional<String> problem = slash < 0 ? Formats.DNS1123_SUBDOMAIN.problem(text)
                : Formats.DNS1123_LABEL.problem(text.substring(0, slash)).map(p -> "namespace " + p)
                .or(() -> Formats.DNS1123_SUBDOMAIN.problem(text.substring(slash + 1)).map(p -> "name " + p));
        if (problem.isPresent()) {
            return Parsed.invalid(Messages.invalid(text, "must be name or namespace/name: " + problem.get()));
        }
        return Parsed.value(slash < 0 ? new SecretReference(null, text)
                : new SecretReference(text.substring(0, slash), text.substring(slash + 1)));
    }

    @Override
    public String accepted() {
        return "a Secret as name or namespace/name, holding " + holds;
    }

    @Override
    public String show(SecretReference value) {
        return value.namespace() == null ? value.name() : value.namespace() + "/" + value.name();
    }
}
