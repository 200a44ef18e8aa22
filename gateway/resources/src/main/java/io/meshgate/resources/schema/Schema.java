package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The expected shape of one JSON value. Schemas are immutable and shared; every builder method
 * returns a new schema. A schema reports problems, it never throws on user input.
 */
public interface Schema {

    /**
     * Checks a present value (possibly JSON {@code null} inside a list). Absent and {@code null}
     * struct fields are handled by the enclosing {@link ObjectSchema} (Kubernetes treats an
     * explicit null as unset).
     */
    void check(JsonNode value, FieldPath path, Problems problems);
}
