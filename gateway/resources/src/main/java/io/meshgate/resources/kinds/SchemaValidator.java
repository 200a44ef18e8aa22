package io.meshgate.resources.kinds;

import io.meshgate.resources.FieldError;
import io.meshgate.resources.Resource;
import io.meshgate.resources.Validator;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.ObjectSchema;
import io.meshgate.resources.schema.Problems;
import java.util.List;

/**
 * A validator that checks a resource's body (all top-level fields but apiVersion, kind, metadata
 * and status) against a schema, then runs the kind's semantic checks if the shape was right.
 */
abstract class SchemaValidator implements Validator {
    private final ObjectSchema body;

    SchemaValidator(ObjectSchema body) {
        this.body = body;
    }

    @Override
    public final List<FieldError> validate(Resource resource) {
        Problems problems = new Problems();
        body.check(resource.body(), FieldPath.root(), problems);
        if (problems.isEmpty()) {
            checkSemantics(resource, problems);
        }
        checkMetadataFields(resource, problems);
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
