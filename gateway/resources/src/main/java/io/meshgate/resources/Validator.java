package io.meshgate.resources;

import java.util.List;

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
}
