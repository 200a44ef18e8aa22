package io.meshgate.resources.kinds;

import io.meshgate.resources.FieldError;
import io.meshgate.resources.Resource;
import io.meshgate.resources.Validator;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.ObjectSchema;
import io.meshgate.resources.schema.Problems;
import java.util.List;
import java.util.Optional;

/**
 * A validator that checks a resource's body (all top-level fields but apiVersion, kind, metadata
 * and status) against a schema, then runs the kind's semantic checks if the shape was right. Kinds
 * whose status other components read as input (a Pod's IP and phase) also give a status schema,
 * checked whenever the object carries a status.
 */
abstract class SchemaValidator implements Validator {
    private final ObjectSchema body;
    private final ObjectSchema status;

    SchemaValidator(ObjectSchema body) {
        this(body, null);
    }

    /** @param status the schema of {@code status}, or null when the kind's status is not checked */
    SchemaValidator(ObjectSchema body, ObjectSchema status) {
        this.body = body;
        this.status = status;
    }

    @Override
    public final Optional<ObjectSchema> bodySchema() {
        return Optional.of(body);
    }

    @Override
    public final List<FieldError> validate(Resource resource) {
        Problems problems = new Problems();
        body.check(resource.body(), FieldPath.root(), problems);
        if (problems.isEmpty()) {
            checkSemantics(resource, problems);
        }
        checkMetadataFields(resource, problems);
        if (status != null && resource.hasStatus()) {
            status.check(resource.status(), FieldPath.of("status"), problems);
        }
        return problems.list();
    }

    /** Kind-specific checks of metadata (annotations), run whatever the state of the body. */
    void checkMetadataFields(Resource resource, Problems problems) {
        // most kinds read nothing from their metadata
    }

    /** Checks that need the whole resource (metadata, several fields at once); the body is well-formed here. */
    void checkSemantics(Resource resource, Problems problems) {
        // most kinds need nothing beyond their schema
    }
}
