package io.meshgate.charts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What the Kubernetes API server checks of a custom object against its CRD's structural schema:
 * types, fields (unknown ones refused, as kubectl's default strict field validation does), required,
 * enums, ranges, lengths and sizes. Enough to prove a generated CRD accepts what Meshgate's validator
 * accepts; not a general JSON Schema validator.
 */
final class OpenApiCheck {
    private OpenApiCheck() {}

    static void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (value == null || value.isNull()) {
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                problems.add(path + ": not an integer or a string");
            }
            return;
        }
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(path + ": not an object");
                    return;
                }
                JsonNode properties = schema.path("properties");
                for (JsonNode required : schema.path("required")) {
                    if (value.path(required.asText()).isMissingNode() || value.get(required.asText()).isNull()) {
                        problems.add(path + "." + required.asText() + ": required");
                    }
                }
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    String child = path + "." + field.getKey();
                    if (properties.has(field.getKey())) {
                        check(properties.get(field.getKey()), field.getValue(), child, problems);
                    } else if (schema.path("additionalProperties").isObject()) {
                        check(schema.get("additionalProperties"), field.getValue(), child, problems);
                    } else if (!preserve) {
                        problems.add(child + ": unknown field");
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(path + ": not an array");
                    return;
                }
                if (value.size() < schema.path("minItems").asInt(0)
                        || value.size() > schema.path("maxItems").asInt(Integer.MAX_VALUE)) {
                    problems.add(path + ": " + value.size() + " items, outside minItems/maxItems");
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(path + ": not a string");
                    return;
                }
                int length = value.textValue().codePointCount(0, value.textValue().length());
                if (length < schema.path("minLength").asInt(0)
                        || length > schema.path("maxLength").asInt(Integer.MAX_VALUE)) {
                    problems.add(path + ": length " + length + " outside minLength/maxLength");
                }
                if (schema.has("enum")) {
                    boolean listed = false;
                    for (JsonNode allowed : schema.get("enum")) {
                        listed |= allowed.asText().equals(value.textValue());
                    }
                    if (!listed) {
                        problems.add(path + ": " + value.textValue() + " not in enum " + schema.get("enum"));
                    }
                }
            }
            case "integer", "number" -> {
                if (type.equals("integer") ? !value.isIntegralNumber() : !value.isNumber()) {
                    problems.add(path + ": not an " + type);
                    return;
                }
                if (schema.has("minimum") && value.doubleValue() < schema.get("minimum").doubleValue()
                        || schema.has("maximum") && value.doubleValue() > schema.get("maximum").doubleValue()) {
                    problems.add(path + ": " + value + " outside minimum/maximum");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(path + ": not a boolean");
                }
            }
            case "" -> {
                if (!preserve) {
                    problems.add(path + ": schema without a type");
                }
            }
            default -> problems.add(path + ": unexpected schema type " + type);
        }
    }
}
