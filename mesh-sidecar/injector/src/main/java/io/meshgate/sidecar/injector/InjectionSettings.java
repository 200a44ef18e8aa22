package io.meshgate.sidecar.injector;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the injector puts into a pod besides what the pod says.
 *
 * @param meshName                the mesh whose namespaces are injected: they carry the label
 *                                {@code flomesh.io/monitored-by=<meshName>} ({@code fsm install --mesh-name}, default
 *                                {@code fsm})
 * @param image                   the Meshgate image of both containers (MeshConfig {@code spec.sidecar.sidecarImage}
 *                                when set); it must have the {@code meshgate} launcher on its {@code PATH}
 * @param imagePullPolicy         {@code IfNotPresent} unless told
 * @param controlPlaneUrl         where sidecars register and fetch their config, e.g.
 *                                {@code https://fsm-controller.fsm-system.svc:9091}
 * @param proxyUid                the sidecar's user, excluded from interception ({@code 1500}, FSM's)
 * @param privilegedInitContainer MeshConfig {@code spec.sidecar.enablePrivilegedInitContainer}
 * @param meshExclusions          MeshConfig {@code spec.traffic}'s exclusion and inclusion lists
 * @param caPem                   the mesh CA's certificate (PEM, public) the sidecar trusts for the control plane,
 *                                given as {@code MESHGATE_CA_PEM}; "" = none (the JDK's trust store)
 */
public record InjectionSettings(String meshName, String image, String imagePullPolicy, String controlPlaneUrl,
                                long proxyUid, boolean privilegedInitContainer, TrafficExclusions meshExclusions,
                                String caPem) {
    public static final String DEFAULT_MESH_NAME = "fsm";
    public static final String DEFAULT_IMAGE = "meshgate/meshgate:0.1.0";
    public static final String DEFAULT_CONTROL_PLANE_URL = "https://fsm-controller.fsm-system.svc:9091";
    public static final long DEFAULT_PROXY_UID = 1500;

    public InjectionSettings {
        caPem = caPem == null ? "" : caPem;
        if (!caPem.isEmpty() && !caPem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("caPem must be a PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        Objects.requireNonNull(meshName, "meshName");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(imagePullPolicy, "imagePullPolicy");
        Objects.requireNonNull(controlPlaneUrl, "controlPlaneUrl");
        Objects.requireNonNull(meshExclusions, "meshExclusions");
        if (image.isBlank()) {
            throw new IllegalArgumentException("image must not be blank");
        }
        if (!controlPlaneUrl.startsWith("https://") && !controlPlaneUrl.startsWith("http://")) {
            throw new IllegalArgumentException("controlPlaneUrl must be an http:// or https:// URL: " + controlPlaneUrl);
        }
        if (proxyUid < 1 || proxyUid > 2_147_483_647L) {
            throw new IllegalArgumentException("proxyUid must be a non-root user id: " + proxyUid);
        }
    }

    /** Settings without the mesh CA (the sidecar then trusts the JDK's store). */
    public InjectionSettings(String meshName, String image, String imagePullPolicy, String controlPlaneUrl,
                             long proxyUid, boolean privilegedInitContainer, TrafficExclusions meshExclusions) {
        this(meshName, image, imagePullPolicy, controlPlaneUrl, proxyUid, privilegedInitContainer, meshExclusions, "");
    }

    /** FSM's defaults: mesh {@code fsm}, UID 1500, the control plane behind Service {@code fsm-system/fsm-controller}. */
    public static InjectionSettings defaults() {
        return new InjectionSettings(DEFAULT_MESH_NAME, DEFAULT_IMAGE, "IfNotPresent", DEFAULT_CONTROL_PLANE_URL,
                DEFAULT_PROXY_UID, false, TrafficExclusions.NONE);
    }

    /**
     * These settings with what the MeshConfig's {@code spec} says: {@code sidecar.sidecarImage},
     * {@code sidecar.enablePrivilegedInitContainer} and {@code traffic}'s four lists. The MeshConfig was
     * validated when it was written, so entries of the wrong type are skipped rather than refused here.
     */
    public InjectionSettings withMeshConfig(JsonNode spec) {
        if (spec == null || !spec.isObject()) {
            return this;
        }
        JsonNode sidecar = spec.path("sidecar");
        String meshImage = sidecar.path("sidecarImage").asText("");
        JsonNode traffic = spec.path("traffic");
        TrafficExclusions lists = new TrafficExclusions(texts(traffic.path("outboundIPRangeExclusionList")),
                texts(traffic.path("outboundIPRangeInclusionList")), ints(traffic.path("outboundPortExclusionList")),
                ints(traffic.path("inboundPortExclusionList")));
        return new InjectionSettings(meshName, meshImage.isBlank() ? image : meshImage, imagePullPolicy,
                controlPlaneUrl, proxyUid, sidecar.path("enablePrivilegedInitContainer").asBoolean(privilegedInitContainer),
                lists, caPem);
    }

    public InjectionSettings withMeshName(String value) {
        return new InjectionSettings(value, image, imagePullPolicy, controlPlaneUrl, proxyUid, privilegedInitContainer,
                meshExclusions, caPem);
    }

    public InjectionSettings withControlPlaneUrl(String value) {
        return new InjectionSettings(meshName, image, imagePullPolicy, value, proxyUid, privilegedInitContainer,
                meshExclusions, caPem);
    }

    public InjectionSettings withImage(String value) {
        return new InjectionSettings(meshName, value, imagePullPolicy, controlPlaneUrl, proxyUid,
                privilegedInitContainer, meshExclusions, caPem);
    }

    /** These settings with the mesh CA's certificate the sidecars trust for the control plane. */
    public InjectionSettings withCaPem(String value) {
        return new InjectionSettings(meshName, image, imagePullPolicy, controlPlaneUrl, proxyUid,
                privilegedInitContainer, meshExclusions, value);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> {
            if (n.isTextual() && TrafficExclusions.isIpv4Cidr(n.asText())) {
                out.add(n.asText());
            }
        });
        return out;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> {
            if (n.canConvertToInt() && n.asInt() >= 1 && n.asInt() <= 65535) {
                out.add(n.asInt());
            }
        });
        return out;
    }
}
