package io.meshgate.resources.kinds;

import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.duration;
import static io.meshgate.resources.schema.Schemas.integer;
import static io.meshgate.resources.schema.Schemas.nonNegative;
import static io.meshgate.resources.schema.Schemas.number;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.string;

import io.meshgate.resources.schema.Format;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.ObjectSchema;
import java.util.Optional;

/**
 * policy.flomesh.io UpstreamTrafficSetting: connection limits, FSM's circuit breaker and local rate
 * limits for one host. The host must be a qualified name ({@code svc.ns...}), as FSM requires;
 * ratios are 0..1, status codes valid HTTP codes, route paths RE2 regexes.
 */
public final class UpstreamTrafficSettingValidator extends SchemaValidator {
    /** At least two DNS labels: FSM rejects a bare service name. */
    private static final Format QUALIFIED_HOST = value -> Formats.DNS1123_SUBDOMAIN.problem(value)
            .or(() -> value.indexOf('.') < 0
                    ? Optional.of("must be a qualified host name such as svc.namespace.svc.cluster.local")
                    : Optional.empty());

    private static final ObjectSchema HTTP_LOCAL_LIMIT = object()
            .required("requests", integer(1, 4_294_967_295L))
            .required("unit", oneOf("second", "minute", "hour"))
            .optional("burst", nonNegative())
            .optional("responseStatusCode", integer(400, 599))
            .optional("responseHeadersToAdd", array(object()
                    .required("name", string(Formats.HTTP_HEADER_NAME))
                    .required("value", string().maxLength(4096).format(Formats.SINGLE_LINE))));

    private static final ObjectSchema CIRCUIT_BREAKING = object()
            .required("statTimeWindow", duration())
            .required("minRequestAmount", nonNegative())
            .required("degradedTimeWindow", duration())
            .optional("slowTimeThreshold", duration())
            .optional("slowAmountThreshold", nonNegative())
            .optional("slowRatioThreshold", number(0, 1))
            .optional("errorAmountThreshold", nonNegative())
            .optional("errorRatioThreshold", number(0, 1))
            .optional("degradedStatusCode", integer(100, 599))
            .optional("degradedResponseContent", string().maxLength(64 * 1024));

    private static final ObjectSchema SPEC = object()
            .required("host", string(QUALIFIED_HOST))
            .optional("connectionSettings", object()
                    .optional("tcp", object()
                            .optional("maxConnections", nonNegative())
                            .optional("connectTimeout", duration()))
                    .optional("http", object()
                            .optional("maxRequests", nonNegative())
                            .optional("maxRequestsPerConnection", nonNegative())
                            .optional("maxPendingRequests", nonNegative())
                            .optional("maxRetries", nonNegative())
                            .optional("circuitBreaking", CIRCUIT_BREAKING)))
            .optional("rateLimit", object().optional("local", object()
                    .optional("tcp", object()
                            .required("connections", integer(1, 4_294_967_295L))
                            .required("unit", oneOf("second", "minute", "hour"))
                            .optional("burst", nonNegative()))
                    .optional("http", HTTP_LOCAL_LIMIT)))
            .optional("httpRoutes", array(object()
                    .required("path", string(Formats.REGEX))
                    .optional("rateLimit", object().optional("local", HTTP_LOCAL_LIMIT)))
                    .uniqueBy(route -> route.path("path").asText()));

    public UpstreamTrafficSettingValidator() {
        super(object().required("spec", SPEC));
    }
}
