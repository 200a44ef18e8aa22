package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.secretReference;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.string;

import io.meshgate.resources.schema.Formats;

/** policy.flomesh.io AccessCert: a certificate the mesh CA issues into a Secret for an outside caller. */
public final class AccessCertValidator extends SchemaValidator {

    public AccessCertValidator() {
        super(object().required("spec", object()
                .required("subjectAltNames", array(string(Formats.WILDCARD_DNS1123_SUBDOMAIN)).nonEmpty().unique())
                .required("secret", secretReference())));
    }
}
