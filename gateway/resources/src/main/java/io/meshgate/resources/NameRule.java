package io.meshgate.resources;

import io.meshgate.resources.schema.Format;
import io.meshgate.resources.schema.Formats;

/** Which DNS rule a kind's {@code metadata.name} follows, as in Kubernetes. */
public enum NameRule {
    /** RFC 1123 subdomain, up to 253 characters: most kinds. */
    DNS_SUBDOMAIN(Formats.DNS1123_SUBDOMAIN),
    /** RFC 1123 label, up to 63 characters: Namespaces. */
    DNS_LABEL(Formats.DNS1123_LABEL),
    /** RFC 1035 label (starts with a letter), up to 63 characters: Services and kinds named after a Service. */
    DNS_1035_LABEL(Formats.DNS1035_LABEL);

    private final Format format;

    NameRule(Format format) {
        this.format = format;
    }

    public Format format() {
        return format;
    }
}
