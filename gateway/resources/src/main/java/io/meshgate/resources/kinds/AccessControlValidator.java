package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.policyBackend;
import static io.meshgate.resources.kinds.CommonSchemas.policySource;
import static io.meshgate.resources.kinds.CommonSchemas.typedLocalObjectReference;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.object;

/**
 * policy.flomesh.io AccessControl: like IngressBackend, for callers outside the mesh that are not
 * an ingress. Backends may be omitted (the policy then covers the namespace's services, as in
 * FSM's "SpringCloud Consul Registry Integration" demo).
 */
public final class AccessControlValidator extends SchemaValidator {

    public AccessControlValidator() {
        super(object().required("spec", object()
                .optional("backends", array(policyBackend()).uniqueBy(CommonSchemas::backendKey))
                .required("sources", array(policySource()).nonEmpty())
                .optional("matches", array(typedLocalObjectReference()))
                .rule(CommonSchemas::requirePrincipalForCertificateChecks)));
    }
}
