package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A cross-field rule on an object ("rewrite-target-to needs rewrite-target-from", "In needs values").
 * Rules run only when the object's own fields are well-formed, so they may trust the field types.
 */
@FunctionalInterface
public interface ObjectRule {
    void check(ObjectNode object, FieldPath path, Problems problems);
}
