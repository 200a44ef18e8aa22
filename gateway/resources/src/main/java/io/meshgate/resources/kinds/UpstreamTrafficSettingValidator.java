package io.meshgate.resources.kinds;

import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.duration;
import static io.meshgate.resources.schema.Schemas.integer;
import static io.meshgate.resources.schema.Schemas.nonNegative;
import static io.meshgate.resources.schema.Schemas.number;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Format;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.ObjectSchema;
import io.meshgate.resources.schema.Problems;
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

    @Override
    void checkSemantics(Resource resource, Problems problems) {
        checkConnectionSettings(resource.spec().path("connectionSettings"),
                FieldPath.of("spec").child("connectionSettings"), problems);
    }

    /**
     * What the proxy's circuit breaker needs beyond the shape: a threshold above 0 (FSM's sidecar ignores
     * thresholds of 0, so a breaker without one would never open), {@code slowTimeThreshold} for the slow
     * thresholds, and windows and timeouts above 0.
     */
    private static void checkConnectionSettings(JsonNode settings, FieldPath path, Problems problems) {
        positiveDuration(settings.path("tcp"), "connectTimeout", path.child("tcp"), problems);
        JsonNode cb = settings.path("http").path("circuitBreaking");
        if (!cb.isObject()) {
            return;
        }
        FieldPath cbPath = path.child("http").child("circuitBreaking");
        positiveDuration(cb, "statTimeWindow", cbPath, problems);
        positiveDuration(cb, "degradedTimeWindow", cbPath, problems);
        positiveDuration(cb, "slowTimeThreshold", cbPath, problems);
        boolean slow = above0(cb, "slowAmountThreshold") || above0(cb, "slowRatioThreshold");
        if (slow && !cb.has("slowTimeThreshold")) {
            problems.required(cbPath.child("slowTimeThreshold"),
                    "slowAmountThreshold and slowRatioThreshold count requests that take at least this long");
        }
        if (!slow && !above0(cb, "errorAmountThreshold") && !above0(cb, "errorRatioThreshold")) {
            problems.required(cbPath, "a threshold above 0: errorAmountThreshold, errorRatioThreshold,"
                    + " slowAmountThreshold or slowRatioThreshold (without one the breaker never opens)");
        }
    }

    private static boolean above0(JsonNode parent, String field) {
        return parent.path(field).isNumber() && parent.path(field).doubleValue() > 0;
    }

    private static void positiveDuration(JsonNode parent, String field, FieldPath path, Problems problems) {
        JsonNode value = parent.path(field);
        if (value.isTextual() && Formats.parseDuration(value.asText()).isZero()) {
            problems.invalid(path.child(field), value.asText(), "must be more than 0, e.g. \"10s\"");
        }
    }
}
