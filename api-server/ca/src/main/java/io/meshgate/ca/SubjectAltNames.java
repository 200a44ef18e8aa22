package io.meshgate.ca;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/**
 * Turns the names of an {@link IssueRequest} into X.509 general names: an IP literal becomes an
 * iPAddress, a name with a scheme ({@code spiffe://...}) a URI, anything else must be a DNS name
 * (optionally a leading {@code *.} wildcard).
 */
final class SubjectAltNames {
    /** RFC 1123 labels, at most 253 characters in all; a single leading wildcard label is allowed. */
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");
    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_URI_LENGTH = 2048;

    private SubjectAltNames() {}

    static GeneralName toGeneralName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a subject alternative name must not be blank");
        }
        if (IPAddress.isValid(name)) {
            return new GeneralName(GeneralName.iPAddress, name);
        }
        return name.contains(":") ? uri(name) : dns(name);
    }

    /** A dNSName entry; IllegalArgumentException unless {@code name} is a host name (or *.wildcard). */
    static GeneralName dns(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.length() > MAX_NAME_LENGTH || !DNS_NAME.matcher(lower).matches()) {
            throw new IllegalArgumentException("subject alternative name '" + printable(name)
                    + "' is not a DNS name, URI or IP address");
        }
        return new GeneralName(GeneralName.dNSName, lower);
    }

    /** A uniformResourceIdentifier entry; IllegalArgumentException unless {@code value} is an absolute URI. */
    static GeneralName uri(String value) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, checkedUri(value));
    }

    static GeneralNames toGeneralNames(List<String> names) {
        return new GeneralNames(names.stream().map(SubjectAltNames::toGeneralName).toArray(GeneralName[]::new));
    }

    private static String checkedUri(String value) {
        if (value.length() > MAX_URI_LENGTH) {
            throw new IllegalArgumentException("URI subject alternative name longer than " + MAX_URI_LENGTH);
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !uri.isAbsolute()) {
                throw new IllegalArgumentException("URI subject alternative name '" + printable(value) + "' has no scheme");
            }
            return value;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("subject alternative name '" + printable(value) + "' is not a valid URI", e);
        }
    }

    /** Names end up in error messages: keep them short and free of control characters. */
    static String printable(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
