package io.meshgate.resources.schema;

import java.util.Objects;

/**
 * An immutable Kubernetes-style field path: {@code spec.rules[0].http} for struct fields and list
 * indexes, {@code metadata.annotations[pipy.ingress.kubernetes.io/lb-type]} for map keys (keys may
 * contain dots, so they go in brackets).
 */
public final class FieldPath {
    private static final FieldPath ROOT = new FieldPath("");

    private final String path;

    private FieldPath(String path) {
        this.path = path;
    }

    /** The path of the whole object (renders as the empty string). */
    public static FieldPath root() {
        return ROOT;
    }

    /** A path starting with one struct field, e.g. {@code of("spec")}. */
    public static FieldPath of(String field) {
        return ROOT.child(field);
    }

    /** A struct field below this path. */
    public FieldPath child(String field) {
        Objects.requireNonNull(field, "field");
        return new FieldPath(path.isEmpty() ? field : path + "." + field);
    }

    /** A list element below this path. */
    public FieldPath index(int index) {
        return new FieldPath(path + "[" + index + "]");
    }

    /** A map entry below this path. */
    public FieldPath key(String key) {
        Objects.requireNonNull(key, "key");
        return new FieldPath(path + "[" + key + "]");
    }

    @Override
    public String toString() {
        return path;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && other.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }
}
