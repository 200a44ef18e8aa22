package io.meshgate.sidecar.translator.retry;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.FilterConfig;
import io.meshgate.config.RetryPolicy;
import io.meshgate.config.Route;
import io.meshgate.config.VirtualHost;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.resources.schema.Formats;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.SidecarContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FSM's Retry policy ({@code policy.flomesh.io/v1alpha1}): when MeshConfig
 * {@code featureFlags.enableRetryPolicy} is on, the sidecars of {@code spec.source} (a ServiceAccount)
 * retry their requests to each Service of {@code spec.destinations} by {@code spec.retryPolicy}: every
 * HTTP route of the outbound rule of each port of such a Service gets a {@link RetryPolicy} filter.
 *
 * <ul>
 *   <li>{@code retryOn}: FSM's comma-separated list ({@code 5xx}, {@code Nxx}, codes and Envoy's names;
 *       meanings in {@link RetryPolicy}); {@code numRetries} absent: 1 (Envoy's default, which FSM's
 *       documentation describes); {@code retryBackoffBaseInterval} absent: 25 ms; {@code perTryTimeout}
 *       absent: each try is bounded only by the route's timeout. Unlike FSM's sidecar, the per-try
 *       timeout is honoured and the back-off base is not capped at 1 s.</li>
 *   <li>Several policies for the same source and Service: the first by namespace/name applies, the
 *       others report {@code Conflicted} for that Service.</li>
 *   <li>The body bound (64 KiB) and the retry budget (20 % of requests in progress, at least 3, per
 *       event loop) are the proxy's defaults: FSM's policy has no fields for them.</li>
 * </ul>
 */
public final class RetryPolicies {
    /** Envoy's default number of retries when a policy names none. */
    static final int DEFAULT_RETRIES = 1;

    private RetryPolicies() {}

    /**
     * The hook on a Service's outbound rule: {@code rule} with the retry filter of the first policy that
     * covers this workload's ServiceAccount and {@code service} on each of its routes; {@code rule}
     * itself when none does, the flag is off, or the rule has no HTTP routes.
     */
    public static DestinationRule onRoutes(SidecarContext context, Resource service, DestinationRule rule) {
        if (!context.settings().retryPolicies() || rule.virtualHosts().isEmpty()) {
            return rule;
        }
        Optional<RetryPolicy> policy = applying(context.mesh(), context.workload().namespace(), context.serviceAccount(),
                service);
        if (policy.isEmpty()) {
            return rule;
        }
        List<VirtualHost> hosts = new ArrayList<>();
        for (VirtualHost host : rule.virtualHosts()) {
            List<Route> routes = new ArrayList<>();
            for (Route route : host.routes()) {
                routes.add(withRetry(route, policy.get()));
            }
            hosts.add(new VirtualHost(host.name(), host.domains(), routes));
        }
        return new DestinationRule(rule.name(), rule.addresses(), rule.port(), rule.protocol(), hosts, rule.cluster(),
                rule.access(), rule.serverNames());
    }

    private static Route withRetry(Route route, RetryPolicy policy) {
        if (route.filters().stream().anyMatch(f -> f instanceof RetryPolicy)) {
            return route;
        }
        List<FilterConfig> filters = new ArrayList<>(route.filters());
        filters.add(policy);
        return route.withFilters(filters);
    }

    /** The policy of the first valid Retry (by namespace/name) naming this source and Service. */
    static Optional<RetryPolicy> applying(MeshModel mesh, String namespace, String serviceAccount, Resource service) {
        for (Resource retry : mesh.inputs().retries()) {
            if (covers(retry, namespace, serviceAccount, service)) {
                try {
                    return Optional.of(policyOf(retry));
                } catch (IllegalArgumentException e) {
                    // reported on the policy (Accepted False); the next one may still apply
                }
            }
        }
        return Optional.empty();
    }

    static boolean covers(Resource retry, String namespace, String serviceAccount, Resource service) {
        JsonNode source = retry.spec().path("source");
        if (!"ServiceAccount".equals(source.path("kind").asText())
                || !serviceAccount.equals(source.path("name").asText())
                || !namespace.equals(source.path("namespace").asText(retry.namespace()))) {
            return false;
        }
        return destinations(retry).contains(new ResourceKey("Service", service.namespace(), service.name()));
    }

    static List<ResourceKey> destinations(Resource retry) {
        List<ResourceKey> out = new ArrayList<>();
        for (JsonNode destination : retry.spec().path("destinations")) {
            if ("Service".equals(destination.path("kind").asText())) {
                out.add(new ResourceKey("Service", destination.path("namespace").asText(retry.namespace()),
                        destination.path("name").asText()));
            }
        }
        return out;
    }

    /**
     * The proxy's policy for {@code spec.retryPolicy}.
     *
     * @throws IllegalArgumentException naming the field that cannot be applied
     */
    static RetryPolicy policyOf(Resource retry) {
        JsonNode spec = retry.spec().path("retryPolicy");
        List<String> retryOn;
        try {
            retryOn = RetryPolicy.parseConditions(spec.path("retryOn").asText(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spec.retryPolicy.retryOn: " + e.getMessage(), e);
        }
        long numRetries = spec.path("numRetries").isIntegralNumber() ? spec.path("numRetries").longValue() : DEFAULT_RETRIES;
        if (numRetries < 0 || numRetries > RetryPolicy.MAX_RETRIES) {
            throw new IllegalArgumentException("spec.retryPolicy.numRetries: " + numRetries + " is above the cap of "
                    + RetryPolicy.MAX_RETRIES + " retries");
        }
        Duration perTry = duration(spec, "perTryTimeout");
        Duration base = duration(spec, "retryBackoffBaseInterval");
        try {
            return RetryPolicy.of(retryOn, (int) numRetries, perTry, base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spec.retryPolicy: " + e.getMessage(), e);
        }
    }

    private static Duration duration(JsonNode spec, String field) {
        JsonNode value = spec.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        Duration d;
        try {
            d = Formats.parseDuration(value.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spec.retryPolicy." + field + ": " + e.getMessage(), e);
        }
        if (d.isZero()) {
            throw new IllegalArgumentException("spec.retryPolicy." + field + ": must be more than 0");
        }
        return d;
    }

    /** The conditions of every Retry policy: the same for every workload of the mesh. */
    public static void report(MeshModel mesh, Map<ResourceKey, List<Condition>> statuses) {
        List<Resource> retries = mesh.inputs().retries();
        for (Resource retry : retries) {
            statuses.put(retry.key(), conditions(mesh, retry, retries));
        }
    }

    private static List<Condition> conditions(MeshModel mesh, Resource retry, List<Resource> all) {
        if (!mesh.settings().retryPolicies()) {
            return List.of(Condition.isFalse(Condition.ACCEPTED, "PolicyDisabled",
                    "MeshConfig featureFlags.enableRetryPolicy is off: no sidecar applies Retry policies"));
        }
        RetryPolicy policy;
        try {
            policy = policyOf(retry);
        } catch (IllegalArgumentException e) {
            return List.of(Condition.isFalse(Condition.ACCEPTED, "Invalid", e.getMessage()));
        }
        List<String> missing = new ArrayList<>();
        List<String> shadowed = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        for (ResourceKey destination : destinations(retry)) {
            String name = destination.namespace() + "/" + destination.name();
            Optional<Resource> service = mesh.service(destination.namespace(), destination.name());
            if (service.isEmpty()) {
                missing.add(name);
                continue;
            }
            Optional<Resource> first = firstCovering(retry, service.get(), all);
            if (first.isPresent() && !first.get().key().equals(retry.key())) {
                shadowed.add(name + " (by " + first.get().namespace() + "/" + first.get().name() + ")");
            } else {
                applied.add(name);
            }
        }
        JsonNode source = retry.spec().path("source");
        String sourceName = source.path("namespace").asText(retry.namespace()) + "/" + source.path("name").asText();
        List<Condition> out = new ArrayList<>();
        if (applied.isEmpty()) {
            out.add(Condition.isFalse(Condition.ACCEPTED, missing.isEmpty() ? "Conflicted" : "BackendNotFound",
                    "applied to no Service: " + String.join("; ", notes(missing, shadowed))));
        } else {
            String message = "the sidecars of ServiceAccount " + sourceName + " retry requests to " + String.join(", ", applied)
                    + " on " + String.join(",", policy.retryOn()) + ", at most " + policy.numRetries() + " retries"
                    + (policy.perTryTimeout() == null ? "" : ", " + policy.perTryTimeout().toMillis() + " ms per try")
                    + ", back-off base " + policy.backoffBaseInterval().toMillis() + " ms";
            List<String> notes = notes(missing, shadowed);
            out.add(Condition.isTrue(Condition.ACCEPTED, "Accepted",
                    notes.isEmpty() ? message : message + "; not applied: " + String.join("; ", notes)));
        }
        out.add(missing.isEmpty()
                ? Condition.isTrue(Condition.RESOLVED_REFS, "ResolvedRefs", "every destination Service exists")
                : Condition.isFalse(Condition.RESOLVED_REFS, "BackendNotFound", "no such Service: " + String.join(", ", missing)));
        out.add(shadowed.isEmpty()
                ? Condition.isFalse(Condition.CONFLICTED, "NoConflicts", "no earlier Retry covers the same source and Service")
                : Condition.isTrue(Condition.CONFLICTED, "Shadowed", "an earlier Retry applies instead for " + String.join(", ", shadowed)));
        return out;
    }

    private static List<String> notes(List<String> missing, List<String> shadowed) {
        List<String> notes = new ArrayList<>();
        if (!missing.isEmpty()) {
            notes.add("no such Service " + String.join(", ", missing));
        }
        if (!shadowed.isEmpty()) {
            notes.add("an earlier Retry applies to " + String.join(", ", shadowed));
        }
        return notes;
    }

    /** The first valid policy (by namespace/name) with {@code retry}'s source covering {@code service}. */
    private static Optional<Resource> firstCovering(Resource retry, Resource service, List<Resource> all) {
        JsonNode source = retry.spec().path("source");
        String namespace = source.path("namespace").asText(retry.namespace());
        String account = source.path("name").asText();
        for (Resource candidate : all) {
            if (covers(candidate, namespace, account, service)) {
                try {
                    policyOf(candidate);
                    return Optional.of(candidate);
                } catch (IllegalArgumentException e) {
                    // invalid: it applies nowhere, so it shadows nothing
                }
            }
        }
        return Optional.empty();
    }
}
