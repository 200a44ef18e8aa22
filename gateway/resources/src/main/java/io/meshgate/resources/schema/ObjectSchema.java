package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON object with declared fields. Unknown fields are rejected by default, like
 * {@code kubectl apply --validate=strict}: a misspelt field is an error, not a silently ignored
 * setting. An explicit {@code null} counts as absent, as in Kubernetes.
 */
public final class ObjectSchema implements Schema {
    private record Field(Schema schema, boolean required) {}

    private final Map<String, Field> fields;
    private final boolean allowUnknown;
    private final List<ObjectRule> rules;

    ObjectSchema() {
        this(Map.of(), false, List.of());
    }

    private ObjectSchema(Map<String, Field> fields, boolean allowUnknown, List<ObjectRule> rules) {
        this.fields = fields;
        this.allowUnknown = allowUnknown;
        this.rules = rules;
    }

    /** A field that must be present and not null. */
    public ObjectSchema required(String name, Schema schema) {
        return with(name, new Field(schema, true));
    }

    /** A field that may be absent or null. */
    public ObjectSchema optional(String name, Schema schema) {
        return with(name, new Field(schema, false));
    }

    /** Fields not declared are accepted unchecked (for objects whose schema is open-ended). */
    public ObjectSchema allowUnknownFields() {
        return new ObjectSchema(fields, true, rules);
    }

    /** A cross-field rule, run after the fields checked clean. */
    public ObjectSchema rule(ObjectRule rule) {
        List<ObjectRule> more = new ArrayList<>(rules);
        more.add(rule);
        return new ObjectSchema(fields, allowUnknown, List.copyOf(more));
    }

    /** The declared field names, in declaration order. */
    public List<String> fieldNames() {
        return List.copyOf(fields.keySet());
    }

    @Override
    public void check(JsonNode value, FieldPath path, Problems problems) {
        if (!value.isObject()) {
            problems.invalid(path, value, "must be an object, not " + StringSchema.article(Values.typeName(value)));
            return;
        }
        int before = problems.count();
        if (!allowUnknown) {
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!fields.containsKey(name)) {
                    problems.unknownField(path.child(name), fields.keySet());
                }
            }
        }
        for (Map.Entry<String, Field> entry : fields.entrySet()) {
            JsonNode fieldValue = value.get(entry.getKey());
            if (fieldValue == null || fieldValue.isNull()) {
                if (entry.getValue().required()) {
                    problems.required(path.child(entry.getKey()));
                }
                continue;
            }
            entry.getValue().schema().check(fieldValue, path.child(entry.getKey()), problems);
        }
        if (problems.count() == before) {
            for (ObjectRule rule : rules) {
                rule.check((ObjectNode) value, path, problems);
            }
        }
    }

    private ObjectSchema with(String name, Field field) {
        Map<String, Field> more = new LinkedHashMap<>(fields);
        more.put(name, field);
        return new ObjectSchema(java.util.Collections.unmodifiableMap(more), allowUnknown, rules);
    }

    /** Declared fields as properties, required ones listed; an open object keeps unknown fields. */
    @Override
    public ObjectNode openApi() {
        ObjectNode node = OpenApi.typed("object");
        if (!fields.isEmpty()) {
            ObjectNode properties = node.putObject("properties");
            fields.forEach((name, field) -> properties.set(name, field.schema().openApi()));
            List<String> required = fields.entrySet().stream().filter(e -> e.getValue().required())
                    .map(Map.Entry::getKey).toList();
            if (!required.isEmpty()) {
                ArrayNode list = node.putArray("required");
                required.forEach(list::add);
            }
        }
        if (allowUnknown || fields.isEmpty()) {
            node.put("x-kubernetes-preserve-unknown-fields", true);
        }
        return node;
    }
}
