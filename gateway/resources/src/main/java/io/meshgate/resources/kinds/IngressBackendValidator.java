package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.policyBackend;
import static io.meshgate.resources.kinds.CommonSchemas.policySource;
import static io.meshgate.resources.kinds.CommonSchemas.typedLocalObjectReference;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.object;

/**
 * policy.flomesh.io IngressBackend: which ingress clients (Service endpoints, certificate
 * identities, IP ranges) may reach which mesh backends. Backends are unique by name and port;
 * certificate-checking backends need an AuthenticatedPrincipal source.
 */
public final class IngressBackendValidator extends SchemaValidator {

    public IngressBackendValidator() {
        super(object().required("spec", object()
                .required("backends", array(policyBackend()).nonEmpty().uniqueBy(CommonSchemas::backendKey))
                .required("sources", array(policySource()).nonEmpty())
                .optional("matches", array(typedLocalObjectReference()))
                .rule(CommonSchemas::requirePrincipalForCertificateChecks)));
    }
}
