package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.ProxyRegistration;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.Pods;
import io.meshgate.sidecar.translator.MeshIdentities;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What {@code GET /api/v1/proxies} adds to a sidecar's item, so a console can show the workload and
 * when its certificate expires: {@code namespace}, {@code pod}, {@code podIP}, {@code serviceAccount},
 * {@code identity} ({@code <sa>.<ns>.cluster.local}) and {@code certificateNotAfter} (the workload
 * certificate translations hand out now; null before the first). Fields the Pod would give are null
 * when the proxy has no Pod (registered through {@code POST /api/v1/proxies} rather than as a workload).
 */
final class SidecarFacts {
    private final ResourceReads resources;
    private final BiFunction<String, String, Optional<Instant>> certificateNotAfter;

    /** @param certificateNotAfter the expiry of the certificate held for (namespace, service account) */
    SidecarFacts(ResourceReads resources, BiFunction<String, String, Optional<Instant>> certificateNotAfter) {
        this.resources = resources;
        this.certificateNotAfter = certificateNotAfter;
    }

    /** The Pods of the sidecars among {@code proxies}, read once for a whole listing. */
    Snapshot snapshot(List<ProxyRegistration> proxies) {
        List<SidecarAdminRelay.SidecarName> names = proxies.stream()
                .filter(p -> p.kind().equals(WorkloadService.PROXY_KIND))
                .flatMap(p -> SidecarAdminRelay.SidecarName.parse(p.name()).stream())
                .toList();
        Map<String, JsonNode> pods = new HashMap<>();
        if (names.size() == 1) {
            SidecarAdminRelay.SidecarName only = names.getFirst();
            resources.get("Pod", only.namespace(), only.pod())
                    .ifPresent(pod -> pods.put(key(only.namespace(), only.pod()), Jsons.readStored(pod.bodyJson())));
        } else if (!names.isEmpty()) {
            for (StoredObject pod : resources.list("Pod", null, Map.of(), java.util.Set.of(), 0, null).items()) {
                pods.put(key(pod.namespace(), pod.name()), Jsons.readStored(pod.bodyJson()));
            }
        }
        return new Snapshot(pods);
    }

    private static String key(String namespace, String pod) {
        return namespace + "/" + pod;
    }

    /** The Pods one listing saw. */
    final class Snapshot {
        private final Map<String, JsonNode> pods;

        private Snapshot(Map<String, JsonNode> pods) {
            this.pods = pods;
        }

        /** Adds the sidecar fields to {@code item} when {@code proxy} is a sidecar; leaves other items alone. */
        void describe(ProxyRegistration proxy, ObjectNode item) {
            if (!proxy.kind().equals(WorkloadService.PROXY_KIND)) {
                return;
            }
            Optional<SidecarAdminRelay.SidecarName> name = SidecarAdminRelay.SidecarName.parse(proxy.name());
            item.put("namespace", name.map(SidecarAdminRelay.SidecarName::namespace).orElse(null));
            item.put("pod", name.map(SidecarAdminRelay.SidecarName::pod).orElse(null));
            JsonNode pod = name.map(n -> pods.get(key(n.namespace(), n.pod()))).orElse(null);
            if (pod == null) {
                item.putNull("podIP");
                item.putNull("serviceAccount");
                item.putNull("identity");
                item.putNull("certificateNotAfter");
                return;
            }
            String namespace = name.get().namespace();
            String serviceAccount = Pods.serviceAccountOf(pod);
            item.put("podIP", Pods.podIpOf(pod));
            item.put("serviceAccount", serviceAccount);
            item.put("identity", MeshIdentities.principal(namespace, serviceAccount));
            item.put("certificateNotAfter", certificateNotAfter.apply(namespace, serviceAccount)
                    .map(Instant::toString).orElse(null));
        }
    }
}
