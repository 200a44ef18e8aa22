package io.meshgate.resources.kinds;

import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.port;

/** specs.smi-spec.io/v1alpha4 TCPRoute: the destination ports a TrafficTarget rule allows. */
public final class TcpRouteValidator extends SchemaValidator {

    public TcpRouteValidator() {
        super(object().required("spec", object()
                .required("matches", object()
                        .required("ports", array(port()).unique()))));
    }
}
