package io.meshgate.sidecar.translator.traffic;

import io.meshgate.config.Cluster;
import io.meshgate.config.ClusterTimeouts;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.MeshModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FSM's UpstreamTrafficSetting ({@code policy.flomesh.io/v1alpha1}), its {@code spec.connectionSettings}:
 * every client sidecar's outbound cluster of each port of the {@code spec.host} Service gets the circuit
 * breaker, the connection limits and the connect timeout of {@link ConnectionSettings} (FSM's breaker is on the
 * client side too, per cluster {@code <ns>/<svc>|<port>}).
 *
 * <ul>
 *   <li>{@code spec.host} names the Service as {@code svc.ns}, {@code svc.ns.svc} or
 *       {@code svc.ns.svc.cluster.local}; the setting must be in the Service's namespace (FSM looks a Service's
 *       setting up in its own namespace). A host that matches no Service applies to nothing, and its
 *       conditions say so ({@code Accepted} True, {@code ResolvedRefs} False): the Service may come later.</li>
 *   <li>Several settings for the same Service: the first by namespace/name applies, the others report
 *       {@code Conflicted} (FSM refuses a second setting for a host at admission).</li>
 *   <li>The breaker and the HTTP limits act on HTTP ports; on a TCP port's cluster the TCP relay applies only
 *       the connect timeout.</li>
 * </ul>
 */
public final class UpstreamTrafficSettings {
    private static final String TRUST_DOMAIN_SUFFIX = ".svc.cluster.local";

    private UpstreamTrafficSettings() {}

    /**
     * The hook where a Service port's outbound cluster is built: {@code cluster} with the connection settings of
     * the first setting for {@code service}; {@code cluster} itself when there is none or it has none.
     */
    public static Cluster onCluster(MeshModel mesh, Resource service, Cluster cluster) {
        Optional<ConnectionSettings> settings = applying(mesh, service);
        if (settings.isEmpty()) {
            return cluster;
        }
        ConnectionSettings s = settings.get();
        Cluster out = cluster;
        if (s.circuitBreaker() != null) {
            out = out.withCircuitBreaker(s.circuitBreaker());
        }
        if (s.limits() != null) {
            out = out.withLimits(s.limits());
        }
        if (s.connectTimeout() != null) {
            ClusterTimeouts t = out.timeouts();
            out = out.withTimeouts(new ClusterTimeouts(s.connectTimeout(), t.request(), t.idle()));
        }
        return out;
    }

    /** The connection settings of the first valid setting (by namespace/name) for {@code service}. */
    static Optional<ConnectionSettings> applying(MeshModel mesh, Resource service) {
        for (Resource setting : mesh.inputs().upstreamTrafficSettings()) {
            if (!names(setting, service)) {
                continue;
            }
            try {
                ConnectionSettings settings = ConnectionSettings.of(setting);
                return settings.empty() ? Optional.empty() : Optional.of(settings);
            } catch (IllegalArgumentException e) {
                // reported on the setting (Accepted False); the next one may still apply
            }
        }
        return Optional.empty();
    }

    /** True when {@code setting} is in {@code service}'s namespace and its host names it. */
    static boolean names(Resource setting, Resource service) {
        return setting.namespace().equals(service.namespace())
                && hostKey(setting.spec().path("host").asText(""))
                        .map(k -> k.name().equals(service.name()) && k.namespace().equals(service.namespace()))
                        .orElse(false);
    }

    /** The Service a host names ({@code svc.ns}, {@code svc.ns.svc}, {@code svc.ns.svc.cluster.local}), if any. */
    static Optional<ResourceKey> hostKey(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.endsWith(TRUST_DOMAIN_SUFFIX)) {
            h = h.substring(0, h.length() - TRUST_DOMAIN_SUFFIX.length());
        } else if (h.endsWith(".svc")) {
            h = h.substring(0, h.length() - ".svc".length());
        }
        String[] labels = h.split("\\.", -1);
        if (labels.length != 2 || labels[0].isEmpty() || labels[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ResourceKey("Service", labels[1], labels[0]));
    }

    /**
     * The conditions of every setting's connection settings: the same for every workload of the mesh. A
     * setting with none (only rate limits) gets nothing from here; conditions another part put first for the
     * same setting are merged with these ({@link #merge}).
     */
    public static void report(MeshModel mesh, Map<ResourceKey, List<Condition>> statuses) {
        List<Resource> settings = mesh.inputs().upstreamTrafficSettings();
        for (Resource setting : settings) {
            if (!setting.spec().has("connectionSettings")) {
                continue;
            }
            statuses.merge(setting.key(), conditions(mesh, setting, settings), UpstreamTrafficSettings::merge);
        }
    }

    private static List<Condition> conditions(MeshModel mesh, Resource setting, List<Resource> all) {
        ConnectionSettings settings;
        try {
            settings = ConnectionSettings.of(setting);
        } catch (IllegalArgumentException e) {
            return List.of(Condition.isFalse(Condition.ACCEPTED, "Invalid", e.getMessage()));
        }
        String host = setting.spec().path("host").asText("");
        Optional<ResourceKey> key = hostKey(host);
        Optional<Resource> service = key.filter(k -> k.namespace().equals(setting.namespace()))
                .flatMap(k -> mesh.service(k.namespace(), k.name()));
        List<Condition> out = new ArrayList<>();
        if (service.isEmpty()) {
            String why = key.isEmpty() ? "host " + host + " names no Service (svc.ns[.svc[.cluster.local]])"
                    : !key.get().namespace().equals(setting.namespace())
                            ? "host " + host + " names a Service of namespace " + key.get().namespace()
                                    + "; a setting applies only in its Service's namespace (" + setting.namespace() + ")"
                            : "no such Service " + key.get().namespace() + "/" + key.get().name();
            out.add(Condition.isTrue(Condition.ACCEPTED, "Accepted",
                    "connectionSettings apply to no cluster until the Service exists: " + why));
            out.add(Condition.isFalse(Condition.RESOLVED_REFS, "BackendNotFound", why));
            return out;
        }
        Optional<Resource> first = all.stream().filter(s -> names(s, service.get()) && valid(s)).findFirst();
        if (first.isPresent() && !first.get().key().equals(setting.key())) {
            String by = first.get().namespace() + "/" + first.get().name();
            out.add(Condition.isFalse(Condition.ACCEPTED, "Conflicted",
                    "connectionSettings not applied: UpstreamTrafficSetting " + by + " applies to the same Service"));
            out.add(Condition.isTrue(Condition.RESOLVED_REFS, "ResolvedRefs", "the host Service exists"));
            out.add(Condition.isTrue(Condition.CONFLICTED, "Shadowed", "an earlier UpstreamTrafficSetting (" + by
                    + ") applies to " + service.get().namespace() + "/" + service.get().name()));
            return out;
        }
        out.add(Condition.isTrue(Condition.ACCEPTED, "Accepted", "client sidecars apply to the clusters of "
                + service.get().namespace() + "/" + service.get().name() + ": " + describe(settings)));
        out.add(Condition.isTrue(Condition.RESOLVED_REFS, "ResolvedRefs", "the host Service exists"));
        out.add(Condition.isFalse(Condition.CONFLICTED, "NoConflicts", "no earlier UpstreamTrafficSetting names the Service"));
        return out;
    }

    private static boolean valid(Resource setting) {
        try {
            ConnectionSettings.of(setting);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** What the proxy does, in one sentence. */
    static String describe(ConnectionSettings s) {
        List<String> parts = new ArrayList<>();
        var cb = s.circuitBreaker();
        if (cb != null) {
            List<String> thresholds = new ArrayList<>();
            if (cb.errorAmountThreshold() > 0) {
                thresholds.add(cb.errorAmountThreshold() + " errors");
            }
            if (cb.errorRatioThreshold() > 0) {
                thresholds.add("error ratio " + cb.errorRatioThreshold());
            }
            if (cb.slowAmountThreshold() > 0) {
                thresholds.add(cb.slowAmountThreshold() + " slow requests");
            }
            if (cb.slowRatioThreshold() > 0) {
                thresholds.add("slow ratio " + cb.slowRatioThreshold());
            }
            parts.add("circuit breaker opens on " + String.join(" or ", thresholds)
                    + (cb.countsSlow() ? " (slow: " + cb.slowTimeThreshold().toMillis() + " ms or more)" : "")
                    + " once " + cb.minRequestAmount() + " requests completed within " + cb.statTimeWindow().toMillis()
                    + " ms, then answers " + cb.degradedStatusCode() + " for " + cb.degradedTimeWindow().toMillis() + " ms");
        }
        var l = s.limits();
        if (l != null) {
            List<String> limits = new ArrayList<>();
            if (l.maxConnections() > 0) {
                limits.add("maxConnections " + l.maxConnections());
            }
            if (l.maxRequests() > 0) {
                limits.add("maxRequests " + l.maxRequests());
            }
            if (l.maxPendingRequests() > 0) {
                limits.add("maxPendingRequests " + l.maxPendingRequests());
            }
            if (l.maxRequestsPerConnection() > 0) {
                limits.add("maxRequestsPerConnection " + l.maxRequestsPerConnection());
            }
            if (l.maxRetries() > 0) {
                limits.add("maxRetries " + l.maxRetries());
            }
            parts.add("limits " + String.join(", ", limits) + " (503 with x-envoy-overloaded beyond them)");
        }
        if (s.connectTimeout() != null) {
            parts.add("connect timeout " + s.connectTimeout().toMillis() + " ms");
        }
        return parts.isEmpty() ? "nothing (all settings at their defaults)" : String.join("; ", parts);
    }

    /**
     * Conditions of the same setting from two parts (connection settings and rate limits): one condition per
     * type; a refusal wins over an acceptance for {@code Accepted} and {@code ResolvedRefs}, a conflict over
     * none; the messages of both are kept.
     */
    static List<Condition> merge(List<Condition> first, List<Condition> second) {
        List<Condition> out = new ArrayList<>(first);
        for (Condition c : second) {
            int i = indexOf(out, c.type());
            if (i < 0) {
                out.add(c);
                continue;
            }
            Condition old = out.get(i);
            boolean problemWhenTrue = c.type().equals(Condition.CONFLICTED);
            Condition winner = (problemWhenTrue ? c.holds() && !old.holds() : !c.holds() && old.holds()) ? c : old;
            out.set(i, new Condition(c.type(), winner.status(), winner.reason(), old.message() + "; " + c.message()));
        }
        return out;
    }

    private static int indexOf(List<Condition> conditions, String type) {
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i).type().equals(type)) {
                return i;
            }
        }
        return -1;
    }
}
