package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Kubernetes' IntOrString (e.g. a Service's targetPort): a number checked one way, a string another. */
public final class IntOrStringSchema implements Schema {
    private final IntegerSchema whenInteger;
    private final StringSchema whenString;

    IntOrStringSchema(IntegerSchema whenInteger, StringSchema whenString) {
        this.whenInteger = whenInteger;
        this.whenString = whenString;
    }

    @Override
    public void check(JsonNode value, FieldPath path, Problems problems) {
        if (value.isTextual()) {
            whenString.check(value, path, problems);
        } else if (value.isNumber()) {
            whenInteger.check(value, path, problems);
        } else {
            problems.invalid(path, value, "must be an integer or a string, not "
                    + StringSchema.article(Values.typeName(value)));
        }
    }

    /** Kubernetes' own marker for IntOrString: the one structural node that may hold two types. */
    @Override
    public ObjectNode openApi() {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("x-kubernetes-int-or-string", true);
    }
}
