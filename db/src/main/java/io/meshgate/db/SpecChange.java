package io.meshgate.db;

/** How {@link Tx#put} decides whether an update bumps {@code metadata.generation}. */
public enum SpecChange {
    /** Compare old and new bodies outside {@code metadata} and {@code status} (the Kubernetes rule). */
    AUTO,
    /** The caller knows the spec changed: generation + 1. */
    CHANGED,
    /** The caller knows only status or metadata changed: generation stays. */
    UNCHANGED
}
