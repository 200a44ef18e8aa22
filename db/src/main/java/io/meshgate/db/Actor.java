package io.meshgate.db;

import java.util.Objects;

/**
 * Who performs a write: the authenticated principal and the address the request came from.
 * Both end up in every audit row the write produces.
 *
 * @param name          the principal (token name, {@code system:reconciler}, ...); never blank
 * @param sourceAddress the client address as the API server saw it, or {@code null} for internal actors
 */
public record Actor(String name, String sourceAddress) {

    public Actor {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("actor name must not be blank");
        }
        Names.checkLength("actor name", name);
        if (sourceAddress != null) {
            Names.checkLength("source address", sourceAddress);
        }
    }

    /** An actor inside the control plane itself (no network source). */
    public static Actor system(String name) {
        return new Actor(name, null);
    }
}
