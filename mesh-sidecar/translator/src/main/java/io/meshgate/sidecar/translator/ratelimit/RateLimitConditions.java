package io.meshgate.sidecar.translator.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.TokenBucketSettings;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.ServicePort;
import io.meshgate.sidecar.translator.UpstreamTrafficSettingTargets;
import io.meshgate.sidecar.translator.access.TrafficTargetPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@value #TYPE} condition of each UpstreamTrafficSetting with a local rate limit: what the
 * sidecars do with it. {@code True}/{@code Applied} names the Service and each limit as enforced,
 * with notes on any part not applied (an HTTP limit on a Service without an HTTP port, an
 * {@code httpRoutes} path that is no inbound route of the Service); {@code False} with
 * {@code Invalid}, {@code HostNotFound} or {@code Conflicted} when nothing is applied. The condition
 * has a type of its own so that the other parts of the policy (connection settings, circuit
 * breaking) report theirs beside it; it is added to the conditions already there.
 */
public final class RateLimitConditions {
    public static final String TYPE = "RateLimit";

    private RateLimitConditions() {}

    /** Adds the condition of every setting with a rate limit; the same for every workload of the mesh. */
    public static void report(MeshModel mesh, Map<ResourceKey, List<Condition>> statuses) {
        for (Resource setting : mesh.inputs().upstreamTrafficSettings()) {
            Condition condition = condition(mesh, setting);
            if (condition != null) {
                statuses.merge(setting.key(), List.of(condition), (a, b) -> {
                    List<Condition> all = new ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                });
            }
        }
    }

    /** Null when the setting has no rate limit. */
    static Condition condition(MeshModel mesh, Resource setting) {
        RateLimitSpec spec;
        try {
            spec = RateLimitSpec.of(setting);
        } catch (IllegalArgumentException e) {
            return Condition.isFalse(TYPE, "Invalid", e.getMessage() + ": no sidecar applies this policy's rate limits");
        }
        if (spec.isEmpty()) {
            return null;
        }
        String host = setting.spec().path("host").asText("");
        Optional<Resource> service = UpstreamTrafficSettingTargets.service(mesh, setting);
        if (service.isEmpty()) {
            return Condition.isFalse(TYPE, "HostNotFound", "host " + host
                    + " names no Service (<svc>.<ns>[.svc[.cluster.local]]): no sidecar applies these rate limits");
        }
        String serviceName = service.get().namespace() + "/" + service.get().name();
        Optional<Resource> applying = UpstreamTrafficSettingTargets.applying(mesh, service.get());
        if (applying.isEmpty()) {
            return Condition.isFalse(TYPE, "Invalid", "the policy's connectionSettings cannot be applied (see its Accepted"
                    + " condition), so no sidecar applies its rate limits either");
        }
        Resource first = applying.get();
        if (!first.key().equals(setting.key())) {
            return Condition.isFalse(TYPE, "Conflicted", "UpstreamTrafficSetting " + first.namespace() + "/"
                    + first.name() + " has the same Service " + serviceName + " and applies instead");
        }
        List<String> tcpPorts = new ArrayList<>();
        List<String> httpPorts = new ArrayList<>();
        for (ServicePort port : ServicePort.of(service.get())) {
            String target = port.targetPortNumber() > 0 ? Integer.toString(port.targetPortNumber()) : port.targetPortName();
            (port.protocol().rule() == AppProtocol.HTTP ? httpPorts : tcpPorts).add(target);
        }
        List<String> applied = new ArrayList<>();
        List<String> notApplied = new ArrayList<>();
        if (spec.tcp() != null) {
            List<String> all = new ArrayList<>(tcpPorts);
            all.addAll(httpPorts);
            applied.add("new connections to ports " + String.join(", ", all) + " at " + rate(spec.tcp(), "connections")
                    + ", each port on its own (over it: reset at once)");
        }
        if (spec.http() != null) {
            if (httpPorts.isEmpty()) {
                notApplied.add("rateLimit.local.http: the Service has no HTTP port");
            } else {
                applied.add("HTTP requests to ports " + String.join(", ", httpPorts) + " at " + rate(spec.http().tokens(), "requests")
                        + " (over it: " + spec.http().responseStatusCode() + ")");
            }
        }
        Set<String> paths = routePaths(mesh, service.get());
        for (int i = 0; i < spec.routes().size(); i++) {
            RateLimitSpec.RouteLimit route = spec.routes().get(i);
            if (httpPorts.isEmpty()) {
                notApplied.add("httpRoutes path " + route.path() + ": the Service has no HTTP port");
            } else if (!paths.contains(route.path())) {
                notApplied.add("httpRoutes path " + route.path() + " is no inbound route of the Service (its routes: "
                        + (paths.isEmpty() ? "none" : String.join(", ", paths)) + "; a path is compared as text, as FSM does)");
            } else {
                applied.add("HTTP requests on route " + route.path() + " at " + rate(route.limit().tokens(), "requests")
                        + " (over it: " + route.limit().responseStatusCode() + ")");
            }
        }
        if (applied.isEmpty()) {
            return Condition.isFalse(TYPE, "NotApplied", "the sidecars of Service " + serviceName
                    + " apply none of these rate limits: " + String.join("; ", notApplied));
        }
        String message = "the sidecars of Service " + serviceName + "'s Pods limit " + String.join("; ", applied);
        return Condition.isTrue(TYPE, "Applied",
                notApplied.isEmpty() ? message : message + "; not applied: " + String.join("; ", notApplied));
    }

    /** {@code 3 requests per minute, burst 10} with the bucket's real size. */
    private static String rate(TokenBucketSettings tokens, String what) {
        Duration unit = tokens.fillInterval();
        String per = unit.equals(Duration.ofSeconds(1)) ? "second" : unit.equals(Duration.ofMinutes(1)) ? "minute" : "hour";
        return tokens.tokensPerFill() + " " + what + " per " + per + " (bucket of " + tokens.maxTokens() + ")";
    }

    /**
     * The inbound route paths of {@code service} (FSM's): {@code .*} in permissive mode, and the
     * {@code pathRegex} ({@code .*} when none) of every HTTPRouteGroup match a TrafficTarget allows
     * to a ServiceAccount of the Service's Pods.
     */
    static Set<String> routePaths(MeshModel mesh, Resource service) {
        Set<String> paths = new TreeSet<>();
        if (mesh.settings().permissive()) {
            paths.add(InboundRateLimits.ANY_PATH);
        }
        Set<String> principals = mesh.principals(service);
        for (TrafficTargetPolicy target : TrafficTargetPolicy.of(mesh)) {
            if (!principals.contains(target.destinationPrincipal())) {
                continue;
            }
            for (TrafficTargetPolicy.Rule rule : target.rules()) {
                if (!"HTTPRouteGroup".equals(rule.kind())) {
                    continue;
                }
                Optional<Resource> group = mesh.inputs().find(mesh.inputs().httpRouteGroups(), target.namespace(), rule.name());
                if (group.isEmpty()) {
                    continue;
                }
                for (JsonNode match : group.get().spec().path("matches")) {
                    if (rule.matches().isEmpty() || rule.matches().contains(match.path("name").asText())) {
                        String regex = match.path("pathRegex").asText("");
                        paths.add(regex.isEmpty() ? InboundRateLimits.ANY_PATH : regex);
                    }
                }
            }
        }
        return paths;
    }
}
