package io.meshgate.sidecar.injector;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two containers and two volumes the injector adds, built from the settings and the pod:
 *
 * <ul>
 *   <li>init container {@code meshgate-init}: {@code meshgate sidecar-init} with FSM's iptables arguments
 *       (the proxy's UID and the merged exclusion lists), as root with {@code NET_ADMIN} (privileged when
 *       MeshConfig {@code sidecar.enablePrivilegedInitContainer} says so), like FSM's {@code fsm-init};</li>
 *   <li>container {@code meshgate-sidecar}: {@code meshgate sidecar} as UID 1500, with FSM's
 *       environment from the downward API ({@code POD_NAME}, {@code POD_NAMESPACE}, {@code POD_IP},
 *       {@code SERVICE_ACCOUNT}, and {@code MESH_NAME}), the pod's labels as {@code --labels}, the admin
 *       (15000) and Prometheus (15010) ports, and {@code --health-probes true} when probes were rewritten
 *       (the sidecar then answers them on 15901-15904);</li>
 *   <li>its credentials without any per-namespace object: the pod's own service-account token, projected
 *       by the kubelet for audience {@value #TOKEN_AUDIENCE} (one hour, rotated by the kubelet before it
 *       expires) into volume {@value #TOKEN_VOLUME} at {@value #TOKEN_FILE}, named by
 *       {@code MESHGATE_TOKEN_FILE} (the control plane checks it with a {@code TokenReview}); and the mesh
 *       CA's certificate (public) inline as {@code MESHGATE_CA_PEM} from the settings, since the injector
 *       runs in the control plane that holds that CA. The init container gets neither: it reads nothing
 *       from the API (its lists come as arguments);</li>
 *   <li>an {@code emptyDir} for the sidecar's last good config ({@code --data-dir}).</li>
 * </ul>
 */
public final class SidecarContainers {
    public static final String SIDECAR_NAME = "meshgate-sidecar";
    public static final String INIT_NAME = "meshgate-init";
    public static final String DATA_VOLUME = "meshgate-sidecar-data";
    public static final String TOKEN_VOLUME = "meshgate-sidecar-token";
    public static final String DATA_DIR = "/var/lib/meshgate";
    public static final String TOKEN_DIR = "/var/run/secrets/meshgate";
    public static final String TOKEN_FILE = TOKEN_DIR + "/token";
    /** The audience of the projected token; the control plane's TokenReview asks for exactly this one. */
    public static final String TOKEN_AUDIENCE = "meshgate";
    /** Lifetime the kubelet gives the projected token (it rotates it at 80% of that). */
    public static final long TOKEN_EXPIRATION_SECONDS = 3600;
    public static final int ADMIN_PORT = 15000;
    public static final int PROMETHEUS_PORT = 15010;

    private SidecarContainers() {}

    static Container init(InjectionSettings settings, TrafficExclusions exclusions) {
        List<String> args = new ArrayList<>(List.of("sidecar-init", "--proxy-uid", Long.toString(settings.proxyUid())));
        list(args, "--outbound-ip-range-exclusion", exclusions.outboundIpRangeExclusions());
        list(args, "--outbound-ip-range-inclusion", exclusions.outboundIpRangeInclusions());
        list(args, "--outbound-port-exclusion", exclusions.outboundPortExclusions());
        list(args, "--inbound-port-exclusion", exclusions.inboundPortExclusions());
        SecurityContext security = new SecurityContext();
        security.setRunAsUser(0L);
        security.setRunAsNonRoot(false);
        security.setCapabilities(new Capabilities(List.of("NET_ADMIN"), null));
        if (settings.privilegedInitContainer()) {
            security.setPrivileged(true);
        }
        Container init = new Container();
        init.setName(INIT_NAME);
        init.setImage(settings.image());
        init.setImagePullPolicy(settings.imagePullPolicy());
        init.setCommand(List.of("meshgate"));
        init.setArgs(args);
        init.setSecurityContext(security);
        return init;
    }

    static Container sidecar(InjectionSettings settings, Map<String, String> podLabels, boolean healthProbes) {
        List<String> args = new ArrayList<>(List.of("sidecar", "--server", settings.controlPlaneUrl(),
                "--data-dir", DATA_DIR));
        String labels = labels(podLabels);
        if (!labels.isEmpty()) {
            args.add("--labels");
            args.add(labels);
        }
        if (healthProbes) {
            // the kubelet's rewritten probes arrive on 15901-15904 (ProbeRewriter)
            args.add("--health-probes");
            args.add("true");
        }
        SecurityContext security = new SecurityContext();
        security.setRunAsUser(settings.proxyUid());
        security.setRunAsGroup(settings.proxyUid());
        security.setRunAsNonRoot(true);
        security.setAllowPrivilegeEscalation(false);
        security.setCapabilities(new Capabilities(null, List.of("ALL")));
        Container sidecar = new Container();
        sidecar.setName(SIDECAR_NAME);
        sidecar.setImage(settings.image());
        sidecar.setImagePullPolicy(settings.imagePullPolicy());
        sidecar.setCommand(List.of("meshgate"));
        sidecar.setArgs(args);
        List<EnvVar> env = new ArrayList<>(List.of(
                value("MESH_NAME", settings.meshName()),
                field("POD_NAME", "metadata.name"),
                field("POD_NAMESPACE", "metadata.namespace"),
                field("POD_IP", "status.podIP"),
                field("SERVICE_ACCOUNT", "spec.serviceAccountName"),
                value("MESHGATE_TOKEN_FILE", TOKEN_FILE)));
        if (!settings.caPem().isEmpty()) {
            env.add(value("MESHGATE_CA_PEM", settings.caPem()));
        }
        sidecar.setEnv(env);
        sidecar.setPorts(List.of(port("sidecar-admin", ADMIN_PORT), port("sidecar-metrics", PROMETHEUS_PORT)));
        sidecar.setVolumeMounts(List.of(
                mount(DATA_VOLUME, DATA_DIR, false),
                mount(TOKEN_VOLUME, TOKEN_DIR, true)));
        sidecar.setSecurityContext(security);
        return sidecar;
    }

    static List<Volume> volumes() {
        Volume data = new Volume();
        data.setName(DATA_VOLUME);
        data.setEmptyDir(new EmptyDirVolumeSource());
        ServiceAccountTokenProjection token = new ServiceAccountTokenProjection();
        token.setAudience(TOKEN_AUDIENCE);
        token.setExpirationSeconds(TOKEN_EXPIRATION_SECONDS);
        token.setPath("token");
        VolumeProjection projection = new VolumeProjection();
        projection.setServiceAccountToken(token);
        ProjectedVolumeSource source = new ProjectedVolumeSource();
        source.setSources(List.of(projection));
        Volume tokenVolume = new Volume();
        tokenVolume.setName(TOKEN_VOLUME);
        tokenVolume.setProjected(source);
        return List.of(data, tokenVolume);
    }

    /** The labels in {@code k=v,...} form, sorted by key so the same pod always gives the same patch. */
    static String labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> out.append(out.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return out.toString();
    }

    private static void list(List<String> args, String flag, List<?> values) {
        if (!values.isEmpty()) {
            args.add(flag);
            args.add(String.join(",", values.stream().map(String::valueOf).toList()));
        }
    }

    private static EnvVar value(String name, String value) {
        return new EnvVar(name, value, null);
    }

    private static EnvVar field(String name, String path) {
        EnvVarSource source = new EnvVarSource();
        source.setFieldRef(new ObjectFieldSelector("v1", path));
        return new EnvVar(name, null, source);
    }

    private static ContainerPort port(String name, int number) {
        ContainerPort port = new ContainerPort();
        port.setName(name);
        port.setContainerPort(number);
        port.setProtocol("TCP");
        return port;
    }

    private static VolumeMount mount(String volume, String path, boolean readOnly) {
        VolumeMount mount = new VolumeMount();
        mount.setName(volume);
        mount.setMountPath(path);
        if (readOnly) {
            mount.setReadOnly(true);
        }
        return mount;
    }
}
