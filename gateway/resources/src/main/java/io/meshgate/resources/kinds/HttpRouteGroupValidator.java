package io.meshgate.resources.kinds;

import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.map;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.string;

import io.meshgate.resources.schema.Formats;

/**
 * specs.smi-spec.io/v1alpha4 HTTPRouteGroup: named matches by path regex, methods and header
 * regexes. Regexes compile under RE2 (linear time); {@code headers} is a list of one-entry maps, as
 * in FSM's CRD.
 */
public final class HttpRouteGroupValidator extends SchemaValidator {

    public HttpRouteGroupValidator() {
        super(object().required("spec", object()
                .required("matches", array(object()
                        .required("name", string().nonEmpty().maxLength(253).format(Formats.SINGLE_LINE))
                        .optional("pathRegex", string(Formats.REGEX))
                        .optional("methods", array(oneOf("*", "GET", "HEAD", "PUT", "POST", "DELETE", "CONNECT",
                                "OPTIONS", "TRACE", "PATCH")).unique())
                        .optional("headers", array(map(Formats.HTTP_HEADER_NAME, string().format(Formats.REGEX)))))
                        .nonEmpty()
                        .uniqueBy(match -> match.path("name").asText()))));
    }
}
