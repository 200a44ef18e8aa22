package io.meshgate.sidecar.translator.ratelimit;

import io.meshgate.resources.Resource;
import io.meshgate.sidecar.translator.MeshModel;
import java.util.Locale;
import java.util.Optional;

/**
 * Which Service an UpstreamTrafficSetting's {@code host} names, and which setting applies to a
 * Service. A host is {@code <svc>.<ns>}, {@code <svc>.<ns>.svc} or {@code <svc>.<ns>.svc.cluster.local}
 * (FSM's FQDN form); the Service must exist. Of several settings for one Service (FSM refuses a
 * duplicate host), the first by namespace/name applies; the others report {@code Conflicted}.
 */
final class RateLimitedServices {
    private RateLimitedServices() {}

    /** The Service {@code setting}'s host names, when it exists. */
    static Optional<Resource> service(MeshModel mesh, Resource setting) {
        String host = setting.spec().path("host").asText("").toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        for (String suffix : new String[] {".svc.cluster.local", ".svc"}) {
            if (host.endsWith(suffix)) {
                host = host.substring(0, host.length() - suffix.length());
                break;
            }
        }
        int dot = host.indexOf('.');
        if (dot < 1 || dot == host.length() - 1 || host.indexOf('.', dot + 1) >= 0) {
            return Optional.empty();
        }
        return mesh.service(host.substring(dot + 1), host.substring(0, dot));
    }

    /** The first setting (by namespace/name) whose host is {@code service}, with any rate limit or not. */
    static Optional<Resource> applying(MeshModel mesh, Resource service) {
        for (Resource setting : mesh.inputs().upstreamTrafficSettings()) {
            Optional<Resource> target = service(mesh, setting);
            if (target.isPresent() && target.get().key().equals(service.key())) {
                return Optional.of(setting);
            }
        }
        return Optional.empty();
    }
}
