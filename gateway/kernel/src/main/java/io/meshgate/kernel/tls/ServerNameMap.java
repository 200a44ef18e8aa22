package io.meshgate.kernel.tls;

import java.util.HashMap;
import java.util.Map;

/**
 * Server name to value, with the lookup order of nginx and Envoy: an exact name first, then a
 * {@code *.suffix} wildcard that covers exactly one label ({@code *.example.com} matches
 * {@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}). Immutable after
 * {@link Builder#build()}.
 */
final class ServerNameMap<T> {
    private final Map<String, T> exact;
    private final Map<String, T> wildcardBySuffix;

    private ServerNameMap(Map<String, T> exact, Map<String, T> wildcardBySuffix) {
        this.exact = Map.copyOf(exact);
        this.wildcardBySuffix = Map.copyOf(wildcardBySuffix);
    }

    static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** The value for a normalized name, or null when nothing matches (or the name is null). */
    T lookup(String name) {
        if (name == null) {
            return null;
        }
        T value = exact.get(name);
        if (value != null) {
            return value;
        }
        int dot = name.indexOf('.');
        // dot > 0: the label the wildcard stands for must not be empty
        return dot > 0 ? wildcardBySuffix.get(name.substring(dot)) : null;
    }

    boolean isEmpty() {
        return exact.isEmpty() && wildcardBySuffix.isEmpty();
    }

    static final class Builder<T> {
        private final Map<String, T> exact = new HashMap<>();
        private final Map<String, T> wildcard = new HashMap<>();

        /**
         * Adds a normalized pattern. A pattern that is not a DNS name or {@code *.}DNS name, or one
         * already added, is a configuration error: IllegalArgumentException.
         */
        Builder<T> put(String rawPattern, T value) {
            String pattern = ServerNames.normalize(rawPattern);
            if (!ServerNames.isPattern(pattern)) {
                throw new IllegalArgumentException("invalid server name pattern '" + rawPattern
                        + "': expected a DNS name or *.<DNS name>");
            }
            T previous = pattern.startsWith("*.")
                    ? wildcard.putIfAbsent(pattern.substring(1), value)
                    : exact.putIfAbsent(pattern, value);
            if (previous != null) {
                throw new IllegalArgumentException("server name " + pattern + " is configured twice");
            }
            return this;
        }

        ServerNameMap<T> build() {
            return new ServerNameMap<>(exact, wildcard);
        }
    }
}
