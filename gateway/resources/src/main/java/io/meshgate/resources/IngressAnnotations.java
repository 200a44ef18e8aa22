package io.meshgate.resources;

import io.meshgate.resources.annotations.FlagGrammar;
import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;
import io.meshgate.resources.annotations.RewritePair;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Problems;
import io.meshgate.resources.schema.Values;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Apply-time validation of an Ingress's annotations against {@link IngressAnnotationTable}, plus the
 * names and views of that table its callers use. Values are validated strictly and never rendered
 * into any configuration language (the ingress-nginx CVE trail): regexes compile under RE2 (linear
 * time, so {@code (a+)+$} is harmless), rewrite targets may only use {@code $1..$9} that exist and
 * {@code $$}, booleans use FSM's words, secret references are {@code name} or {@code namespace/name}.
 * An unknown key under {@code pipy.ingress.kubernetes.io/} is an error, so a typo never silently does
 * nothing.
 *
 * <p>Meshgate's own {@code meshgate.io/} annotations of the table are validated the same way. Other
 * {@code meshgate.io/} keys are not refused: the prefix is shared with annotations of other kinds.
 */
public final class IngressAnnotations {
    public static final String PREFIX = IngressAnnotationTable.PIPY_PREFIX;
    public static final String REWRITE_TARGET_FROM = IngressAnnotationTable.REWRITE_TARGET_FROM.name();
    public static final String REWRITE_TARGET_TO = IngressAnnotationTable.REWRITE_TARGET_TO.name();
    public static final String SESSION_STICKY = IngressAnnotationTable.SESSION_STICKY.name();
    public static final String LB_TYPE = IngressAnnotationTable.LB_TYPE.name();
    public static final String UPSTREAM_SSL_NAME = IngressAnnotationTable.UPSTREAM_SSL_NAME.name();
    public static final String UPSTREAM_SSL_SECRET = IngressAnnotationTable.UPSTREAM_SSL_SECRET.name();
    public static final String UPSTREAM_SSL_VERIFY = IngressAnnotationTable.UPSTREAM_SSL_VERIFY.name();
    public static final String TLS_VERIFY_CLIENT = IngressAnnotationTable.TLS_VERIFY_CLIENT.name();
    public static final String TLS_VERIFY_DEPTH = IngressAnnotationTable.TLS_VERIFY_DEPTH.name();
    public static final String TLS_TRUSTED_CA_SECRET = IngressAnnotationTable.TLS_TRUSTED_CA_SECRET.name();
    public static final String UPSTREAM_PROTOCOL = IngressAnnotationTable.UPSTREAM_PROTOCOL.name();
    /** Prefix of Meshgate's own annotations. */
    public static final String MESHGATE_PREFIX = IngressAnnotationTable.MESHGATE_PREFIX;
    /** Meshgate's {@code ssl-redirect}: plain HTTP to a host with a certificate is redirected to HTTPS. */
    public static final String SSL_REDIRECT = IngressAnnotationTable.SSL_REDIRECT.name();

    /** Words FSM reads as true (case-insensitive). */
    public static final List<String> TRUE_WORDS = FlagGrammar.TRUE_WORDS;
    /** Words FSM reads as false (case-insensitive); the empty value too. */
    public static final List<String> FALSE_WORDS = FlagGrammar.FALSE_WORDS;
    /** Largest accepted {@code tls-verify-depth}. */
    public static final int MAX_VERIFY_DEPTH = IngressAnnotationTable.MAX_VERIFY_DEPTH;

    private static final FlagGrammar FLAG = new FlagGrammar();

    /** A check of one annotation value: the complete error message, or empty when the value is fine. */
    @FunctionalInterface
    public interface Check {
        Optional<String> problem(String value);
    }

    /**
     * One row of the table as validation sees it.
     *
     * @param annotation the table's row
     */
    public record Entry(IngressAnnotation<?> annotation) {
        /** The full annotation key. */
        public String name() {
            return annotation.name();
        }

        /** What values are accepted, for help texts. */
        public String accepted() {
            return annotation.grammar().accepted();
        }

        /** The value check. */
        public Check check() {
            return annotation::problem;
        }

        /** The key without its {@code pipy.ingress.kubernetes.io/} or {@code meshgate.io/} prefix. */
        public String shortName() {
            return annotation.shortName();
        }
    }

    /** A parsed {@code name} or {@code namespace/name} Secret reference. */
    public record SecretRef(String namespace, String name) {
        /** Parses a reference; a bare name lives in {@code defaultNamespace} (the Ingress's). */
        public static SecretRef parse(String value, String defaultNamespace) {
            int slash = value.indexOf('/');
            return slash < 0 ? new SecretRef(defaultNamespace, value)
                    : new SecretRef(value.substring(0, slash), value.substring(slash + 1));
        }
    }

    /** FSM's eleven {@code pipy.ingress.kubernetes.io/*} annotations, in the table's order. */
    public static final List<Entry> ALL = entries(IngressAnnotationTable.withPrefix(PREFIX));

    /**
     * Meshgate's own annotations that set route options (one feature class each in the ingress
     * controller, as for {@link #ALL}). The TLS passthrough annotations are validated too, but are
     * read by the controller's passthrough step instead.
     */
    public static final List<Entry> MESHGATE = entries(IngressAnnotationTable.withPrefix(MESHGATE_PREFIX).stream()
            .filter(a -> a.scope() == IngressAnnotation.Scope.ROUTES).toList());

    private IngressAnnotations() {}

    /** The table entry for a full annotation key, FSM's or Meshgate's. */
    public static Optional<Entry> find(String annotation) {
        return IngressAnnotationTable.find(annotation).map(Entry::new);
    }

    /**
     * Checks every annotation of the table present on an Ingress, refuses unknown
     * {@code pipy.ingress.kubernetes.io/*} keys, then checks the rules that tie annotations together;
     * other annotations are ignored. Paths are {@code metadata.annotations[key]}.
     */
    public static List<FieldError> validate(Map<String, String> annotations) {
        Problems problems = new Problems();
        FieldPath base = FieldPath.of("metadata").child("annotations");
        for (Map.Entry<String, String> annotation : annotations.entrySet()) {
            String key = annotation.getKey();
            Optional<IngressAnnotation<?>> row = IngressAnnotationTable.find(key);
            if (row.isPresent()) {
                row.get().problem(annotation.getValue())
                        .ifPresent(message -> problems.add(new FieldError(base.key(key).toString(), message)));
            } else if (key.startsWith(PREFIX)) {
                problems.add(new FieldError(base.key(key).toString(), "Unknown annotation: supported "
                        + PREFIX.substring(0, PREFIX.length() - 1) + " annotations: "
                        + IngressAnnotationTable.withPrefix(PREFIX).stream()
                        .map(a -> Values.quote(a.shortName())).collect(Collectors.joining(", "))));
            }
        }
        if (problems.isEmpty()) {
            RewritePair.check(annotations).ifPresent(p ->
                    problems.add(new FieldError(base.key(p.annotation()).toString(), p.message())));
        }
        return problems.list();
    }

    /** FSM's reading of a true/false word, surrounding spaces ignored; empty for a word it does not know. */
    public static Optional<Boolean> parseFlag(String value) {
        return FLAG.parse(value.trim()).valueIfValid();
    }

    private static List<Entry> entries(List<IngressAnnotation<?>> rows) {
        return rows.stream().map(Entry::new).toList();
    }
}
