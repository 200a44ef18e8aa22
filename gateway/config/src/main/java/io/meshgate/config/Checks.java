package io.meshgate.config;

import java.util.List;
import java.util.Objects;

/** Argument checks shared by the records' compact constructors. */
final class Checks {
    private Checks() {}

    static String name(String value, String field) {
        Objects.requireNonNull(value, field + " is required");
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static int port(int port, String field) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(field + " must be 0..65535 (0 = any free port), got " + port);
        }
        return port;
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }
}
