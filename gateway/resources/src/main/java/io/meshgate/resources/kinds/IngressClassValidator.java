package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.has;
import static io.meshgate.resources.kinds.CommonSchemas.kindName;
import static io.meshgate.resources.kinds.CommonSchemas.namespaceName;
import static io.meshgate.resources.kinds.CommonSchemas.objectName;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.string;

import io.meshgate.resources.schema.Formats;

/** networking.k8s.io/v1 IngressClass (cluster-scoped): the controller, e.g. {@code flomesh.io/ingress-pipy}. */
public final class IngressClassValidator extends SchemaValidator {

    public IngressClassValidator() {
        super(object().required("spec", object()
                .required("controller", string(Formats.DOMAIN_PREFIXED_PATH))
                .optional("parameters", object()
                        .optional("apiGroup", string(Formats.DNS1123_SUBDOMAIN))
                        .required("kind", kindName())
                        .required("name", objectName())
                        .optional("namespace", namespaceName())
                        .optional("scope", oneOf("Cluster", "Namespace"))
                        .rule((parameters, path, problems) -> {
                            boolean namespaced = "Namespace".equals(parameters.path("scope").asText());
                            if (namespaced && !has(parameters, "namespace")) {
                                problems.required(path.child("namespace"), "needed when scope is Namespace");
                            } else if (!namespaced && has(parameters, "namespace")) {
                                problems.forbidden(path.child("namespace"), "only allowed when scope is Namespace");
                            }
                        }))));
    }
}
