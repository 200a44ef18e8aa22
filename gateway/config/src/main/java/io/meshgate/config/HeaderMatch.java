package io.meshgate.config;

import java.util.Locale;
import java.util.Objects;

/** A request header condition: {@code EXACT} value, RE2 {@code REGEX} (whole value), or {@code PRESENT}. */
public record HeaderMatch(String name, Type type, String value) {

    public enum Type { EXACT, REGEX, PRESENT }

    public HeaderMatch {
        name = Checks.name(name, "headerMatch.name").toLowerCase(Locale.ROOT);
        Objects.requireNonNull(type, "headerMatch.type is required");
        if (type != Type.PRESENT) {
            Objects.requireNonNull(value, "headerMatch.value is required for " + type);
        }
    }
}
