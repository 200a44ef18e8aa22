package io.meshgate.cli;

import java.util.Locale;

/** {@code -o}: how objects are printed. */
enum OutputFormat {
    TABLE, WIDE, YAML, JSON, NAME;

    /** Parses {@code -o}; picocli reports a usage error for anything else. */
    static OutputFormat parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "wide" -> WIDE;
            case "yaml" -> YAML;
            case "json" -> JSON;
            case "name" -> NAME;
            default -> throw new IllegalArgumentException("unknown output format '" + text
                    + "' (use yaml, json, wide or name)");
        };
    }
}
