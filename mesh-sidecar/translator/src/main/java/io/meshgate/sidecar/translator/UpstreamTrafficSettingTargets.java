package io.meshgate.sidecar.translator;

import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.ratelimit.RateLimitSpec;
import io.meshgate.sidecar.translator.traffic.ConnectionSettings;
import java.util.Optional;

/**
 * Which Service an UpstreamTrafficSetting's {@code host} names, and which of several settings for one
 * Service applies: one answer for both parts of the policy (the client's connection settings and the
 * server's rate limits), so a Service never gets its breaker from one setting and its rate limit from
 * another.
 *
 * <p>A host is {@code <svc>.<ns>}, {@code <svc>.<ns>.svc} or {@code <svc>.<ns>.svc.cluster.local}
 * (FSM's FQDN form) and the setting lives in the Service's namespace (FSM looks a Service's setting up
 * there). Of several settings for one Service (FSM's webhook refuses the second), the first by
 * namespace/name whose spec the translator can read whole applies; the others report {@code Conflicted}.
 */
public final class UpstreamTrafficSettingTargets {
    private static final String CLUSTER_SUFFIX = ".svc.cluster.local";

    private UpstreamTrafficSettingTargets() {}

    /** The Service {@code setting}'s host names, when it exists in the setting's namespace. */
    public static Optional<Resource> service(MeshModel mesh, Resource setting) {
        return hostKey(setting.spec().path("host").asText(""))
                .filter(key -> key.namespace().equals(setting.namespace()))
                .flatMap(key -> mesh.service(key.namespace(), key.name()));
    }

    /** True when {@code setting} is in {@code service}'s namespace and its host names it. */
    public static boolean names(Resource setting, Resource service) {
        return setting.namespace().equals(service.namespace())
                && hostKey(setting.spec().path("host").asText(""))
                        .map(k -> k.name().equals(service.name()) && k.namespace().equals(service.namespace()))
                        .orElse(false);
    }

    /** The setting that applies to {@code service}: the first naming it that reads whole. */
    public static Optional<Resource> applying(MeshModel mesh, Resource service) {
        return mesh.inputs().upstreamTrafficSettings().stream()
                .filter(setting -> names(setting, service) && readable(setting))
                .findFirst();
    }

    /** The Service a host names, if it has that form (case-insensitive, a trailing dot allowed). */
    public static Optional<ResourceKey> hostKey(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        h = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        if (h.endsWith(CLUSTER_SUFFIX)) {
            h = h.substring(0, h.length() - CLUSTER_SUFFIX.length());
        } else if (h.endsWith(".svc")) {
            h = h.substring(0, h.length() - ".svc".length());
        }
        String[] labels = h.split("\\.", -1);
        if (labels.length != 2 || labels[0].isEmpty() || labels[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ResourceKey("Service", labels[1], labels[0]));
    }

    private static boolean readable(Resource setting) {
        try {
            ConnectionSettings.of(setting);
            RateLimitSpec.of(setting);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
