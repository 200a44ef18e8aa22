package io.meshgate.resources.schema;

import java.util.Optional;

/** A rule for the text of a string value, e.g. "a DNS-1123 label" or "a CIDR". */
@FunctionalInterface
public interface Format {

    /**
     * Returns why the value does not fit, phrased to follow "Invalid value: "x": "
     * (e.g. {@code must be a CIDR such as 10.0.0.0/8}); empty when it fits.
     */
    Optional<String> problem(String value);
}
