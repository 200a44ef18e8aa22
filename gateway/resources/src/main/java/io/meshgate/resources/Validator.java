package io.meshgate.resources;

import io.meshgate.resources.schema.ObjectSchema;
import java.util.List;
import java.util.Optional;

/**
 * Checks the kind-specific part of one resource: its spec (or, for kinds without a spec, its
 * top-level fields such as a Secret's {@code data}). Metadata, apiVersion and kind are checked
 * once for every kind by {@link ResourceValidator}. One small implementation per kind is
 * registered in {@link KindRegistry}.
 */
@FunctionalInterface
public interface Validator {

    /** Returns every problem found; an empty list means the resource is valid. Never throws on bad input. */
    List<FieldError> validate(Resource resource);

    /**
     * The schema of the kind's top-level fields but apiVersion, kind, metadata and status (for most
     * kinds one {@code spec} field), when the validator checks against one: the chart's CRDs are
     * generated from it. Empty for validators that are code only.
     */
    default Optional<ObjectSchema> bodySchema() {
        return Optional.empty();
    }
}
