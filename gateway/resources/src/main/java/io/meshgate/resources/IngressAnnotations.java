package io.meshgate.resources;

import com.google.re2j.Pattern;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Format;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.Problems;
import io.meshgate.resources.schema.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The eleven {@code pipy.ingress.kubernetes.io/*} annotations FSM's ingress controller reads, as
 * one table: name, what is accepted, and a check. Values are validated strictly and never rendered
 * into any configuration language (the ingress-nginx CVE trail): regexes compile under RE2
 * (linear time, so {@code (a+)+$} is harmless), rewrite targets may only use {@code $1..$9} that
 * exist, booleans use FSM's words, secret references are {@code name} or {@code namespace/name}.
 * An unknown key under the prefix is an error, so a typo never silently does nothing.
 *
 * <p>{@link #MESHGATE} lists Meshgate's own Ingress annotations under {@code meshgate.io/} that are
 * validated the same way. Other {@code meshgate.io/} keys are not refused: the prefix is shared with
 * annotations of other kinds and with options read elsewhere (the TLS passthrough flags).
 */
public final class IngressAnnotations {
    public static final String PREFIX = "pipy.ingress.kubernetes.io/";
    public static final String REWRITE_TARGET_FROM = PREFIX + "rewrite-target-from";
    public static final String REWRITE_TARGET_TO = PREFIX + "rewrite-target-to";
    public static final String SESSION_STICKY = PREFIX + "session-sticky";
    public static final String LB_TYPE = PREFIX + "lb-type";
    public static final String UPSTREAM_SSL_NAME = PREFIX + "upstream-ssl-name";
    public static final String UPSTREAM_SSL_SECRET = PREFIX + "upstream-ssl-secret";
    public static final String UPSTREAM_SSL_VERIFY = PREFIX + "upstream-ssl-verify";
    public static final String TLS_VERIFY_CLIENT = PREFIX + "tls-verify-client";
    public static final String TLS_VERIFY_DEPTH = PREFIX + "tls-verify-depth";
    public static final String TLS_TRUSTED_CA_SECRET = PREFIX + "tls-trusted-ca-secret";
    public static final String UPSTREAM_PROTOCOL = PREFIX + "upstream-protocol";
    /** Prefix of Meshgate's own annotations. */
    public static final String MESHGATE_PREFIX = "meshgate.io/";
    /** Meshgate's {@code ssl-redirect}: plain HTTP to a host with a certificate is redirected to HTTPS. */
    public static final String SSL_REDIRECT = MESHGATE_PREFIX + "ssl-redirect";

    /** Words FSM reads as true (case-insensitive). */
    public static final List<String> TRUE_WORDS = List.of("1", "t", "true", "y", "yes", "on");
    /** Words FSM reads as false (case-insensitive); the empty value too. */
    public static final List<String> FALSE_WORDS = List.of("0", "f", "false", "n", "no", "off", "");
    /** Largest accepted {@code tls-verify-depth}. */
    public static final int MAX_VERIFY_DEPTH = 100;

    private static final Pattern GROUP_REFERENCE = Pattern.compile("\\$([0-9])");

    /** A check of one annotation value: the complete error message, or empty when the value is fine. */
    @FunctionalInterface
    public interface Check {
        Optional<String> problem(String value);
    }

    /**
     * One row of the table.
     *
     * @param name     the full annotation key
     * @param accepted what values are accepted, for docs, help texts and the console
     * @param check    the value check
     */
    public record Entry(String name, String accepted, Check check) {
        /** The key without its {@code pipy.ingress.kubernetes.io/} or {@code meshgate.io/} prefix. */
        public String shortName() {
            return name.substring(name.indexOf('/') + 1);
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

    public static final List<Entry> ALL = List.of(
            new Entry(REWRITE_TARGET_FROM,
                    "an RE2 regular expression matched against the request path, e.g. ^/httpbin/?"
                            + " (needs rewrite-target-to)",
                    format(Formats.REGEX)),
            new Entry(REWRITE_TARGET_TO,
                    "the replacement for the matched part of the path, e.g. /; $1..$9 insert groups of"
                            + " rewrite-target-from (needs rewrite-target-from)",
                    IngressAnnotations::rewriteTargetProblem),
            new Entry(SESSION_STICKY,
                    "true: " + String.join(", ", TRUE_WORDS) + "; false: " + String.join(", ", FALSE_WORDS)
                            + "(empty); any case. Pins each client IP to one backend",
                    words()),
            new Entry(LB_TYPE, "round-robin (default), hashing or least-work",
                    oneOf(false, "round-robin", "hashing", "least-work")),
            new Entry(UPSTREAM_SSL_NAME, "the server name (SNI) sent to HTTPS upstreams, a DNS name",
                    format(Formats.DNS1123_SUBDOMAIN)),
            new Entry(UPSTREAM_SSL_SECRET,
                    "a Secret as name or namespace/name with ca.crt (and tls.crt/tls.key for mTLS) for HTTPS upstreams",
                    format(IngressAnnotations::secretRefProblem)),
            new Entry(UPSTREAM_SSL_VERIFY, "a true/false word as for session-sticky; default false", words()),
            new Entry(TLS_VERIFY_CLIENT, "a true/false word as for session-sticky; default false", words()),
            new Entry(TLS_VERIFY_DEPTH, "an integer from 0 to " + MAX_VERIFY_DEPTH + "; default 1",
                    IngressAnnotations::verifyDepthProblem),
            new Entry(TLS_TRUSTED_CA_SECRET,
                    "a Secret as name or namespace/name whose ca.crt lists the client CAs to trust",
                    format(IngressAnnotations::secretRefProblem)),
            new Entry(UPSTREAM_PROTOCOL, "GRPC or HTTP (default), any case", oneOf(true, "GRPC", "HTTP")));

    /** Meshgate's own Ingress annotations (not FSM's), validated like {@link #ALL}. */
    public static final List<Entry> MESHGATE = List.of(
            new Entry(SSL_REDIRECT,
                    "a true/false word as for session-sticky; default true: plain HTTP to a host served with a"
                            + " certificate is answered 308 to HTTPS. false keeps serving plain HTTP",
                    words()));

    private IngressAnnotations() {}

    /** The table entry for a full annotation key, FSM's ({@link #ALL}) or Meshgate's ({@link #MESHGATE}). */
    public static Optional<Entry> find(String annotation) {
        return Stream.concat(ALL.stream(), MESHGATE.stream())
                .filter(entry -> entry.name().equals(annotation)).findFirst();
    }

    /**
     * Checks every {@code pipy.ingress.kubernetes.io/*} annotation of an Ingress, the rules that tie
     * them together, and the {@link #MESHGATE} annotations; other annotations are ignored. Paths are
     * {@code metadata.annotations[key]}.
     */
    public static List<FieldError> validate(Map<String, String> annotations) {
        Problems problems = new Problems();
        FieldPath base = FieldPath.of("metadata").child("annotations");
        for (Map.Entry<String, String> annotation : annotations.entrySet()) {
            String key = annotation.getKey();
            if (key.startsWith(MESHGATE_PREFIX)) {
                MESHGATE.stream().filter(entry -> entry.name().equals(key)).findFirst()
                        .flatMap(entry -> entry.check().problem(annotation.getValue()))
                        .ifPresent(message -> problems.add(new FieldError(base.key(key).toString(), message)));
                continue;
            }
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            Optional<Entry> entry = find(key);
            if (entry.isEmpty()) {
                problems.add(new FieldError(base.key(key).toString(), "Unknown annotation: supported "
                        + PREFIX.substring(0, PREFIX.length() - 1) + " annotations: "
                        + ALL.stream().map(e -> Values.quote(e.shortName())).collect(Collectors.joining(", "))));
                continue;
            }
            entry.get().check().problem(annotation.getValue())
                    .ifPresent(message -> problems.add(new FieldError(base.key(key).toString(), message)));
        }
        if (problems.isEmpty()) {
            checkRewritePair(annotations, base, problems);
        }
        return problems.list();
    }

    /** FSM's reading of a true/false word; empty for a word it does not know. */
    public static Optional<Boolean> parseFlag(String value) {
        String word = value.trim().toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(word)) {
            return Optional.of(true);
        }
        return FALSE_WORDS.contains(word) ? Optional.of(false) : Optional.empty();
    }

    private static void checkRewritePair(Map<String, String> annotations, FieldPath base, Problems problems) {
        String from = annotations.get(REWRITE_TARGET_FROM);
        String to = annotations.get(REWRITE_TARGET_TO);
        if (from == null && to == null) {
            return;
        }
        if (from == null) {
            problems.required(base.key(REWRITE_TARGET_FROM), "rewrite-target-to needs rewrite-target-from");
            return;
        }
        if (to == null) {
            problems.required(base.key(REWRITE_TARGET_TO), "rewrite-target-from needs rewrite-target-to");
            return;
        }
        int groups = Pattern.compile(from).groupCount();
        com.google.re2j.Matcher references = GROUP_REFERENCE.matcher(to);
        while (references.find()) {
            int group = Integer.parseInt(references.group(1));
            if (group > groups) {
                problems.invalid(base.key(REWRITE_TARGET_TO), to, "refers to $" + group
                        + " but rewrite-target-from has " + groups + " capture group" + (groups == 1 ? "" : "s"));
                return;
            }
        }
    }

    private static Optional<String> rewriteTargetProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '$') {
                if (i + 1 >= value.length() || value.charAt(i + 1) < '1' || value.charAt(i + 1) > '9') {
                    return invalid(value, "'$' must be followed by a group number 1 to 9 ($1..$9)");
                }
                i++;
            } else if (!isPathChar(c)) {
                return invalid(value, "must be a URL path: letters, digits and -._~/!&'()*+,;=:@%? only"
                        + " (no spaces or control characters)");
            }
        }
        return Optional.empty();
    }

    private static boolean isPathChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~/!&'()*+,;=:@%?".indexOf(c) >= 0;
    }

    private static Optional<String> verifyDepthProblem(String value) {
        if (value.isEmpty() || value.length() > 3 || !value.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(value) > MAX_VERIFY_DEPTH) {
            return invalid(value, "must be an integer from 0 to " + MAX_VERIFY_DEPTH);
        }
        return Optional.empty();
    }

    private static Optional<String> secretRefProblem(String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            return Formats.DNS1123_SUBDOMAIN.problem(value).map(p -> "must be name or namespace/name: " + p);
        }
        Optional<String> namespace = Formats.DNS1123_LABEL.problem(value.substring(0, slash));
        if (namespace.isPresent()) {
            return Optional.of("must be name or namespace/name: namespace " + namespace.get());
        }
        return Formats.DNS1123_SUBDOMAIN.problem(value.substring(slash + 1))
                .map(p -> "must be name or namespace/name: name " + p);
    }

    private static Check format(Format format) {
        return value -> format.problem(value).map(problem -> "Invalid value: " + Values.quote(value) + ": " + problem);
    }

    private static Check words() {
        List<String> all = new ArrayList<>(TRUE_WORDS);
        all.addAll(FALSE_WORDS);
        return oneOf(true, all.toArray(String[]::new));
    }

    private static Check oneOf(boolean ignoreCase, String... values) {
        List<String> allowed = List.of(values);
        return value -> {
            boolean ok = ignoreCase
                    ? allowed.stream().anyMatch(a -> a.equalsIgnoreCase(value))
                    : allowed.contains(value);
            return ok ? Optional.empty() : Optional.of("Unsupported value: " + Values.quote(value)
                    + ": supported values: " + allowed.stream().map(Values::quote).collect(Collectors.joining(", ")));
        };
    }

    private static Optional<String> invalid(String value, String detail) {
        return Optional.of("Invalid value: " + Values.quote(value) + ": " + detail);
    }
}
