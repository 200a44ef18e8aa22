package io.meshgate.sidecar.translator.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.HeaderMatch;
import io.meshgate.config.PathMatch;
import io.meshgate.config.RouteMatch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An SMI {@code specs.smi-spec.io/v1alpha4} HTTPRouteGroup match as a request match: {@code pathRegex}
 * must match the whole path (RE2; none = any path), {@code methods} lists the methods ({@code *} or
 * none = any), every {@code headers} entry's value is an RE2 expression the whole header value must
 * match. The resource validator has compiled the expressions already. TrafficTargets (who may use a
 * port) and Egress policies (which requests may leave) read matches alike.
 */
public final class HttpRouteGroupMatches {
    private HttpRouteGroupMatches() {}

    public static RouteMatch of(JsonNode match) {
        String pathRegex = match.path("pathRegex").asText("");
        PathMatch path = pathRegex.isEmpty() ? PathMatch.prefix("/") : PathMatch.regex(pathRegex);
        Set<String> methods = new LinkedHashSet<>();
        match.path("methods").forEach(m -> methods.add(m.asText()));
        if (methods.contains("*")) {
            methods.clear();
        }
        List<HeaderMatch> headers = new ArrayList<>();
        for (JsonNode entry : match.path("headers")) {
            for (Map.Entry<String, JsonNode> header : entry.properties()) {
                headers.add(new HeaderMatch(header.getKey(), HeaderMatch.Type.REGEX, header.getValue().asText()));
            }
        }
        return new RouteMatch(path, methods, headers);
    }
}
