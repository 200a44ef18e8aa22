package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.console.api.FieldProblem;
import io.meshgate.resources.FieldError;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceValidator;

import java.util.List;

/**
 * Validation as you type with the same rules the API applies on save (the shared validator of
 * {@code meshgate-resources}: schemas, annotation checks, RE2 regexes). It is advice only: the
 * API validates again on save, and the console never stores anything itself.
 */
public final class LocalValidation {
    private static final ResourceValidator VALIDATOR = ResourceValidator.standard();
    private static final ResourceCodec CODEC = new ResourceCodec();

    private LocalValidation() {}

    /** The problems the API would report for this object (without store checks such as conflicts). */
    public static List<FieldProblem> check(JsonNode object) {
        List<FieldError> errors;
        try {
            errors = VALIDATOR.validate(CODEC.fromJson(object));
        } catch (RuntimeException malformed) {
            return List.of(new FieldProblem("", malformed.getMessage(), null, null));
        }
        return errors.stream().map(e -> new FieldProblem(e.field(), e.message(), null, null)).toList();
    }
}
