package io.meshgate.resources;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Decides which strings the YAML writer must quote: Jackson's own rules, plus every string that
 * {@link YamlTreeReader} (YAML 1.1, like Kubernetes) would read back as something else: {@code "1"},
 * {@code "1e3"}, {@code "on"}, {@code "~"}. Without this a Secret's {@code "42"} would come back as
 * the number 42, and an annotation such as {@code tls-verify-depth: "1"} would stop being valid.
 */
final class YamlQuoting extends StringQuotingChecker {
    private static final long serialVersionUID = 1L;
    private static final StringQuotingChecker JACKSON = StringQuotingChecker.Default.instance();

    private final transient Resolver resolver = new Resolver();

    @Override
    public boolean needToQuoteName(String name) {
        return JACKSON.needToQuoteName(name) || !readsAsString(name);
    }

    @Override
    public boolean needToQuoteValue(String value) {
        return JACKSON.needToQuoteValue(value) || !readsAsString(value);
    }

    /** Timestamps count as strings: the reader keeps them as text, as Kubernetes does. */
    private boolean readsAsString(String plain) {
        Tag tag = resolver.resolve(NodeId.scalar, plain, true);
        return Tag.STR.equals(tag) || Tag.TIMESTAMP.equals(tag);
    }
}
