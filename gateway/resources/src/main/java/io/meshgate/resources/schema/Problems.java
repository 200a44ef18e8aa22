package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.FieldError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Collects {@link FieldError}s while a resource is checked, with one factory per Kubernetes error
 * type so every message reads the same way ({@code Required value}, {@code Invalid value: ...},
 * {@code Unsupported value: ...: supported values: ...}, {@code Duplicate value}, {@code Forbidden}).
 * Not thread-safe: one instance per validation run.
 */
public final class Problems {
    private final List<FieldError> errors = new ArrayList<>();

    /** Adds a ready-made error. */
    public void add(FieldError error) {
        errors.add(error);
    }

    public void required(FieldPath path) {
        add(path, "Required value");
    }

    /** {@code Required value: detail}, e.g. to say why a field is needed here. */
    public void required(FieldPath path, String detail) {
        add(path, "Required value: " + detail);
    }

    /** {@code Invalid value: <value>: detail}. */
    public void invalid(FieldPath path, JsonNode value, String detail) {
        add(path, "Invalid value: " + Values.render(value) + ": " + detail);
    }

    /** {@code Invalid value: "<value>": detail}. */
    public void invalid(FieldPath path, String value, String detail) {
        add(path, "Invalid value: " + Values.quote(value) + ": " + detail);
    }

    /** {@code Invalid value: detail}: for values that must not be repeated (secret data). */
    public void invalidHidden(FieldPath path, String detail) {
        add(path, "Invalid value: " + detail);
    }

    /** {@code Unsupported value: "<value>": supported values: "a", "b"}. */
    public void unsupported(FieldPath path, String value, Collection<String> supported) {
        add(path, "Unsupported value: " + Values.quote(value) + ": supported values: " + quoteAll(supported));
    }

    /** A field the schema does not know, listing the ones it does. */
    public void unknownField(FieldPath path, Collection<String> known) {
        add(path, known.isEmpty()
                ? "Unknown field: no fields are allowed here"
                : "Unknown field: supported fields: " + quoteAll(known));
    }

    public void forbidden(FieldPath path, String detail) {
        add(path, "Forbidden: " + detail);
    }

    public void duplicate(FieldPath path, String value) {
        add(path, "Duplicate value: " + Values.quote(value));
    }

    public void tooLong(FieldPath path, int max, String unit) {
        add(path, "Too long: may not be more than " + max + " " + unit);
    }

    public void tooMany(FieldPath path, int actual, int max) {
        add(path, "Too many: " + actual + ": must have at most " + max + " items");
    }

    /** Number of errors so far (used to run cross-field rules only on well-formed objects). */
    public int count() {
        return errors.size();
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** The errors collected so far, in the order found. */
    public List<FieldError> list() {
        return List.copyOf(errors);
    }

    private void add(FieldPath path, String message) {
        errors.add(new FieldError(path.toString(), message));
    }

    static String quoteAll(Collection<String> values) {
        return values.stream().map(Values::quote).collect(Collectors.joining(", "));
    }
}
