package io.meshgate.sidecar.translator;

import io.meshgate.config.Cluster;
import io.meshgate.config.Listener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.access.InboundAccess;
import io.meshgate.sidecar.translator.retry.RetryPolicies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Translates the mesh into one workload's sidecar config. A pure function: equal inputs give an
 * equal config; nothing is read but the arguments (no I/O, no clock, no randomness).
 *
 * <p>The config holds three listeners ({@link SidecarFeatures}): {@code outbound} (0.0.0.0:15001,
 * what the application sends), {@code inbound} (0.0.0.0:15003, what reaches the application) and
 * {@code dns} (127.0.0.153:5300). A workload whose Pod is missing, or has ended ({@code Succeeded},
 * {@code Failed}), gets an empty config and reports nothing: its sidecar waits.
 */
public final class SidecarTranslator {
    /** The version label of a built config (the control plane replaces it with a content version). */
    public static final String VERSION = "sidecar";

    private SidecarTranslator() {}

    /**
     * @param certificate the workload's certificate, issued for its ServiceAccount
     *                    ({@link #serviceAccount} tells which one)
     */
    public static SidecarTranslation translate(SidecarInputs inputs, Workload workload, WorkloadCertificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        MeshModel mesh = new MeshModel(inputs);
        Optional<Resource> pod = servedPod(mesh, workload);
        if (pod.isEmpty()) {
            return new SidecarTranslation(ProxyConfig.empty(), Map.of());
        }
        SidecarContext context = new SidecarContext(mesh, workload, pod.get(), certificate);
        Map<String, Cluster> clusters = new TreeMap<>();
        List<Listener> listeners = new ArrayList<>();
        for (SidecarFeature feature : SidecarFeatures.FEATURES) {
            listeners.add(feature.listener(context, clusters));
        }
        return new SidecarTranslation(new ProxyConfig(VERSION, listeners, List.copyOf(clusters.values())),
                report(mesh));
    }

    /** The conditions of every policy the features read: the same for every workload of the mesh. */
    private static Map<ResourceKey, List<Condition>> report(MeshModel mesh) {
        Map<ResourceKey, List<Condition>> statuses = new LinkedHashMap<>(InboundAccess.report(mesh));
        for (OutboundRules source : SidecarFeatures.OUTBOUND) {
            source.report(mesh, statuses);
        }
        RetryPolicies.report(mesh, statuses);
        io.meshgate.sidecar.translator.traffic.UpstreamTrafficSettings.report(mesh, statuses);
        return statuses;
    }

    /**
     * The ServiceAccount the workload's certificate must be issued for; empty when its sidecar has
     * nothing to serve (no Pod, or an ended one), so no certificate is needed.
     */
    public static Optional<String> serviceAccount(SidecarInputs inputs, Workload workload) {
        return servedPod(new MeshModel(inputs), workload).map(MeshIdentities::serviceAccountOf);
    }

    private static Optional<Resource> servedPod(MeshModel mesh, Workload workload) {
        return mesh.pod(workload.namespace(), workload.pod()).filter(Pods::served);
    }
}
