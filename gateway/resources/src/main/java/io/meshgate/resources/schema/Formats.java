package io.meshgate.resources.schema;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;

/**
 * The string formats Kubernetes and FSM resources use, with Kubernetes' own limits: DNS names,
 * qualified names, label values, IANA service names, IP addresses, CIDRs, Go durations, config
 * keys, header names and user regexes. Regexes here are re2j patterns (linear time), so checking
 * hostile input never backtracks.
 */
public final class Formats {
    /** Longest user regex accepted: long patterns are a denial-of-service risk even for RE2. */
    public static final int MAX_REGEX_LENGTH = 1024;

    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS1123_LABEL_RE = Pattern.compile(LABEL);
    private static final Pattern DNS1123_SUBDOMAIN_RE = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern DNS1035_LABEL_RE = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUALIFIED_NAME_RE = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern IANA_SVC_NAME_RE = Pattern.compile("[-a-z0-9]+");
    private static final Pattern HAS_LETTER_RE = Pattern.compile(".*[a-z].*");
    private static final Pattern CONFIG_KEY_RE = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Pattern HEADER_NAME_RE = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern DURATION_RE = Pattern.compile(
            "(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+");
    private static final Pattern DURATION_PART_RE = Pattern.compile(
            "([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");
    private static final Pattern PATH_SEGMENT_CHARS_RE = Pattern.compile("[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+");

    private Formats() {}

    /** RFC 1123 label (namespaces, port names of Endpoints): lowercase, at most 63 characters. */
    public static final Format DNS1123_LABEL = value -> {
        if (value.length() > 63) {
            return tooLong(63);
        }
        return DNS1123_LABEL_RE.matches(value) ? Optional.empty() : Optional.of(
                "must be a lowercase RFC 1123 label: a-z, 0-9 and '-', starting and ending with a letter or digit"
                        + " (e.g. 'my-name' or '123-abc')");
    };

    /** RFC 1123 subdomain (most object names, hostnames): lowercase labels joined by dots, at most 253 characters. */
    public static final Format DNS1123_SUBDOMAIN = value -> {
        if (value.length() > 253) {
            return tooLong(253);
        }
        return DNS1123_SUBDOMAIN_RE.matches(value) ? Optional.empty() : Optional.of(
                "must be a lowercase RFC 1123 subdomain: labels of a-z, 0-9 and '-' separated by '.',"
                        + " each starting and ending with a letter or digit (e.g. 'example.com')");
    };

    /** RFC 1035 label (Service names): starts with a letter, at most 63 characters. */
    public static final Format DNS1035_LABEL = value -> {
        if (value.length() > 63) {
            return tooLong(63);
        }
        return DNS1035_LABEL_RE.matches(value) ? Optional.empty() : Optional.of(
                "must be a lowercase RFC 1035 label: a-z, 0-9 and '-', starting with a letter and ending with a"
                        + " letter or digit (e.g. 'my-service')");
    };

    /** A DNS subdomain optionally prefixed by {@code *.} (TLS hosts, Ingress hosts, egress hosts). */
    public static final Format WILDCARD_DNS1123_SUBDOMAIN = value -> {
        String rest = value.startsWith("*.") ? value.substring(2) : value;
        if (value.length() > 253) {
            return tooLong(253);
        }
        return DNS1123_SUBDOMAIN_RE.matches(rest) ? Optional.empty() : Optional.of(
                "must be a lowercase DNS name, optionally starting with '*.' (e.g. 'example.com' or '*.example.com')");
    };

    /** An Ingress rule host: a (wildcard) DNS name and not an IP address, as Kubernetes requires. */
    public static final Format INGRESS_HOST = value -> {
        if (IpAddresses.isIp(value)) {
            return Optional.of("must be a DNS name, not an IP address");
        }
        return WILDCARD_DNS1123_SUBDOMAIN.problem(value);
    };

    /**
     * A server name the gateway selects a certificate or a passthrough target by (SNI): a DNS name,
     * optionally starting with {@code *.}, of RFC 1123 labels of at most 63 characters, 253 in all,
     * whose last label is not all digits (so no IPv4 literal, and no name that would look like one).
     * This is the gateway kernel's own rule for configured server names: a name it refuses makes it
     * refuse the whole config, so every {@code spec.tls.hosts} entry is held to it when applied.
     */
    public static final Format SERVER_NAME = value -> {
        String rest = value.startsWith("*.") ? value.substring(2) : value;
        if (value.length() > 253) {
            return tooLong(253);
        }
        if (IpAddresses.isIp(value)) {
            return Optional.of("must be a DNS name, not an IP address");
        }
        if (!DNS1123_SUBDOMAIN_RE.matches(rest)) {
            return Optional.of("must be a lowercase DNS name, optionally starting with '*.'"
                    + " (e.g. 'example.com' or '*.example.com')");
        }
        String[] labels = rest.split("\\.");
        for (String label : labels) {
            if (label.length() > 63) {
                return Optional.of("must be a DNS name whose labels have at most 63 characters (one has "
                        + label.length() + ")");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return Optional.of("must be a DNS name whose last label is not all digits");
        }
        return Optional.empty();
    };

    /** Label and annotation keys: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
    public static final Format QUALIFIED_NAME = value -> {
        String name = value;
        int slash = value.indexOf('/');
        if (slash >= 0) {
            String prefix = value.substring(0, slash);
            name = value.substring(slash + 1);
            if (prefix.isEmpty()) {
                return Optional.of("prefix part must not be empty");
            }
            Optional<String> prefixProblem = DNS1123_SUBDOMAIN.problem(prefix);
            if (prefixProblem.isPresent()) {
                return Optional.of("prefix part " + prefixProblem.get());
            }
        }
        if (name.isEmpty()) {
            return Optional.of("name part must not be empty");
        }
        if (name.length() > 63) {
            return Optional.of("name part must be no more than 63 characters");
        }
        return QUALIFIED_NAME_RE.matches(name) ? Optional.empty() : Optional.of(
                "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
                        + " alphanumeric character (e.g. 'MyName', 'my.name' or 'example.com/MyName')");
    };

    /** Label values: empty, or at most 63 alphanumerics, '-', '_' and '.' starting and ending alphanumeric. */
    public static final Format LABEL_VALUE = value -> {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() > 63) {
            return tooLong(63);
        }
        return QUALIFIED_NAME_RE.matches(value) ? Optional.empty() : Optional.of(
                "a label value must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start"
                        + " and end with an alphanumeric character (e.g. 'MyValue' or 'my_value')");
    };

    /** IANA service names (named container/target ports): at most 15 characters, at least one letter. */
    public static final Format IANA_SVC_NAME = value -> {
        if (value.length() > 15) {
            return tooLong(15);
        }
        if (!IANA_SVC_NAME_RE.matches(value)) {
            return Optional.of("must contain only lowercase letters, digits and '-'");
        }
        if (!HAS_LETTER_RE.matches(value)) {
            return Optional.of("must contain at least one letter");
        }
        if (value.contains("--") || value.startsWith("-") || value.endsWith("-")) {
            return Optional.of("must not start or end with '-' or contain '--'");
        }
        return Optional.empty();
    };

    /** Keys of Secret and ConfigMap data. */
    public static final Format CONFIG_KEY = value -> {
        if (value.length() > 253) {
            return tooLong(253);
        }
        if (value.equals(".") || value.equals("..") || value.startsWith("..")) {
            return Optional.of("must not be '.' or '..' or start with '..'");
        }
        return CONFIG_KEY_RE.matches(value) ? Optional.empty() : Optional.of(
                "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'tls.crt')");
    };

    /** An HTTP header field name (RFC 9110 token). */
    public static final Format HTTP_HEADER_NAME = value -> {
        if (value.length() > 256) {
            return tooLong(256);
        }
        return HEADER_NAME_RE.matches(value) ? Optional.empty() : Optional.of(
                "must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)");
    };

    /** An IPv4 or IPv6 address literal (no zone, no leading zeros in IPv4). */
    public static final Format IP = value -> IpAddresses.isIp(value)
            ? Optional.empty()
            : Optional.of("must be a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff)");

    /** A CIDR block such as 10.0.0.0/8 or 2001:db8::/32. */
    public static final Format CIDR = value -> IpAddresses.isCidr(value)
            ? Optional.empty()
            : Optional.of("must be a CIDR block (e.g. 10.0.0.0/16 or 2001:db8::/64)");

    /** A Go duration string such as {@code 5s}, {@code 1m30s} or {@code 200ms}, not negative. */
    public static final Format DURATION = value -> parseDurationOrNull(value) != null
            ? Optional.empty()
            : Optional.of("must be a duration such as \"5s\", \"1m30s\" or \"200ms\" (units ns, us, ms, s, m, h)"
                    + " of at most 2562047h");

    /** A user regex: compiles with RE2 syntax, single line, at most {@value #MAX_REGEX_LENGTH} characters. */
    public static final Format REGEX = value -> {
        if (value.length() > MAX_REGEX_LENGTH) {
            return tooLong(MAX_REGEX_LENGTH);
        }
        Optional<String> control = singleLineProblem(value);
        if (control.isPresent()) {
            return control;
        }
        try {
            Pattern.compile(value);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of("must be a valid RE2 regular expression: " + e.getDescription());
        }
    };

    /** Printable text on one line: no control characters (CR, LF, NUL, TAB, DEL ...). */
    public static final Format SINGLE_LINE = Formats::singleLineProblem;

    /**
     * A path prefixed by a domain, like {@code flomesh.io/ingress-pipy} (IngressClass controllers).
     */
    public static final Format DOMAIN_PREFIXED_PATH = value -> {
        if (value.length() > 250) {
            return tooLong(250);
        }
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            return Optional.of("must be a domain-prefixed path (e.g. 'acme.io/foo')");
        }
        Optional<String> domain = DNS1123_SUBDOMAIN.problem(value.substring(0, slash));
        if (domain.isPresent()) {
            return Optional.of("domain part " + domain.get());
        }
        return PATH_SEGMENT_CHARS_RE.matches(value.substring(slash + 1)) ? Optional.empty()
                : Optional.of("path part must contain only letters, digits and /-._~%!$&'()*+,;=:");
    };

    /** An absolute URL path: starts with '/', visible ASCII only (no spaces or control characters). */
    public static final Format ABSOLUTE_PATH = value -> {
        if (!value.startsWith("/")) {
            return Optional.of("must be an absolute path starting with '/'");
        }
        return visibleAsciiProblem(value);
    };

    /**
     * Parses a Go duration ({@code 1h30m}, {@code 1.5s}, {@code 200ms}) to a {@link Duration}.
     *
     * @throws IllegalArgumentException if the text is not a valid, non-negative Go duration
     */
    public static Duration parseDuration(String value) {
        Duration duration = parseDurationOrNull(value);
        if (duration == null) {
            throw new IllegalArgumentException("not a duration: " + Values.quote(value));
        }
        return duration;
    }

    private static Duration parseDurationOrNull(String value) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        if (value.length() > 64 || !DURATION_RE.matches(value)) {
            return null;
        }
        com.google.re2j.Matcher m = DURATION_PART_RE.matcher(value);
        BigDecimal nanos = BigDecimal.ZERO;
        while (m.find()) {
            long unitNanos = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "\u00b5s", "\u03bcs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos)));
        }
        BigDecimal whole = nanos.setScale(0, RoundingMode.DOWN);
        // Go durations are int64 nanoseconds: anything larger does not exist in FSM either
        return whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? null : Duration.ofNanos(whole.longValue());
    }

    static Optional<String> singleLineProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("must not contain control characters (found " + describeControl(c) + ")");
            }
        }
        return Optional.empty();
    }

    static Optional<String> visibleAsciiProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return Optional.of("must contain only visible ASCII characters (no spaces or control characters)");
            }
        }
        return Optional.empty();
    }

    static String describeControl(char c) {
        return switch (c) {
            case '\r' -> "CR";
            case '\n' -> "LF";
            case '\0' -> "NUL";
            case '\t' -> "TAB";
            default -> String.format("U+%04X", (int) c);
        };
    }

    private static Optional<String> tooLong(int max) {
        return Optional.of("must be no more than " + max + " characters");
    }
}
