package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    /**
     * This schema as a structural OpenAPI v3 schema, the form a Kubernetes CRD declares (the chart's
     * CRDs are generated from it). It carries the shape (types, fields, required, enums, ranges,
     * sizes); what OpenAPI cannot say (formats, cross-field rules, uniqueness) stays with
     * {@link #check}, which the validating webhook runs. A schema that cannot describe itself
     * (a lambda) accepts anything here: the cluster must never refuse what the validator accepts.
     */
    default ObjectNode openApi() {
        return OpenApi.anyValue();
    }
}
