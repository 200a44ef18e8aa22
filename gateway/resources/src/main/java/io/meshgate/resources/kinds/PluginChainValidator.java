package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.labelSelector;
import static io.meshgate.resources.kinds.CommonSchemas.objectName;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;

/**
 * plugin.flomesh.io PluginChain: which Plugins join which of the four sidecar chains, for the pods
 * and namespaces the label selectors pick.
 */
public final class PluginChainValidator extends SchemaValidator {

    public PluginChainValidator() {
        super(object().required("spec", object()
                .required("chains", array(object()
                        .required("name", oneOf("inbound-tcp", "inbound-http", "outbound-tcp", "outbound-http"))
                        .required("plugins", array(objectName()).nonEmpty().unique()))
                        .nonEmpty()
                        .uniqueBy(chain -> chain.path("name").asText()))
                .required("selectors", object()
                        .optional("podSelector", labelSelector())
                        .optional("namespaceSelector", labelSelector()))));
    }
}
