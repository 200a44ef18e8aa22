package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;

import java.util.List;

/**
 * One MeshConfig field the console edits directly, with the sentence that tells an operator what
 * flipping it does. Defaults are FSM's Helm defaults, shown when the stored MeshConfig leaves the
 * field out.
 *
 * @param id          stable element id of its control
 * @param path        field names under the MeshConfig root, e.g. {@code [spec, traffic, enableEgress]}
 * @param label       short label
 * @param explanation one line: what changes when it is on
 * @param port        true for a port number field, false for an on/off switch
 * @param fallback    the value in effect when the field is absent
 */
public record MeshConfigSetting(String id, List<String> path, String label, String explanation, boolean port,
                                JsonNode fallback) {
    public MeshConfigSetting {
        path = List.copyOf(path);
    }

    static MeshConfigSetting toggle(String id, String label, boolean fallback, String explanation, String... path) {
        return new MeshConfigSetting(id, List.of(path), label, explanation, false, BooleanNode.valueOf(fallback));
    }

    static MeshConfigSetting portField(String id, String label, int fallback, String explanation, String... path) {
        return new MeshConfigSetting(id, List.of(path), label, explanation, true, IntNode.valueOf(fallback));
    }

    public static final MeshConfigSetting PERMISSIVE = toggle("mc-permissive", "Permissive traffic policy mode", true,
            "On: any mesh service may call any other. Off: only calls allowed by SMI TrafficTargets pass.",
            "spec", "traffic", "enablePermissiveTrafficPolicyMode");
    public static final MeshConfigSetting EGRESS = toggle("mc-egress", "Egress passthrough", true,
            "On: workloads may reach any host outside the mesh. Off: only destinations allowed by Egress policies.",
            "spec", "traffic", "enableEgress");
    public static final MeshConfigSetting EGRESS_POLICY = toggle("mc-egress-policy", "Egress policy", true,
            "On: Egress resources are enforced (use with egress passthrough off to allow-list outside hosts).",
            "spec", "featureFlags", "enableEgressPolicy");
    public static final MeshConfigSetting ACCESS_CONTROL = toggle("mc-access-control", "Access control policy", true,
            "On: AccessControl resources admit callers from outside the mesh (Services, IP ranges, principals).",
            "spec", "featureFlags", "enableAccessControlPolicy");
    public static final MeshConfigSetting RETRY = toggle("mc-retry", "Retry policy", false,
            "On: Retry resources make sidecars retry failed requests to the named Services.",
            "spec", "featureFlags", "enableRetryPolicy");
    public static final MeshConfigSetting PLUGIN = toggle("mc-plugin", "Plugin policy", false,
            "On: Plugin, PluginChain and PluginConfig resources are loaded into the proxies.",
            "spec", "featureFlags", "enablePluginPolicy");
    public static final MeshConfigSetting INGRESS_TLS = toggle("mc-ingress-tls", "Ingress TLS", false,
            "On: the ingress gateway serves HTTPS on its TLS port with the certificates of Ingress tls sections.",
            "spec", "ingress", "tls", "enabled");
    public static final MeshConfigSetting INGRESS_MTLS = toggle("mc-ingress-mtls", "Ingress client certificates (mTLS)",
            false, "On: the ingress gateway asks clients for certificates, checked against the trusted CA Secrets.",
            "spec", "ingress", "tls", "mTLS");
    public static final MeshConfigSetting PASSTHROUGH = toggle("mc-passthrough", "Global SSL passthrough", false,
            "On: TLS for allow-listed server names is relayed undecrypted to <SNI>:<upstream port>.",
            "spec", "ingress", "tls", "sslPassthrough", "enabled");
    public static final MeshConfigSetting PASSTHROUGH_PORT = portField("mc-passthrough-port",
            "Passthrough upstream port", 443, "The port passed-through TLS connections are relayed to.",
            "spec", "ingress", "tls", "sslPassthrough", "upstreamPort");

    /** The switches FSM's demos flip, in the order the MeshConfig screen shows them. */
    public static final List<MeshConfigSetting> SEED_SWITCHES = List.of(PERMISSIVE, EGRESS, EGRESS_POLICY,
            ACCESS_CONTROL, RETRY, PLUGIN, INGRESS_TLS, INGRESS_MTLS, PASSTHROUGH);

    /** The settings the Egress screen shows. */
    public static final List<MeshConfigSetting> EGRESS_SWITCHES = List.of(EGRESS, EGRESS_POLICY);

    /** The settings the TLS passthrough screen shows. */
    public static final List<MeshConfigSetting> PASSTHROUGH_SETTINGS = List.of(PASSTHROUGH, PASSTHROUGH_PORT);

    /** The value in effect in {@code meshConfig}: the stored one, or the fallback when absent. */
    public JsonNode effective(JsonNode meshConfig) {
        JsonNode v = MergePatches.valueAt(meshConfig, path);
        return v.isNull() ? fallback : v;
    }

    /** The field path the API's problem+json uses for this setting. */
    public String fieldPath() {
        return MergePatches.fieldPath(path);
    }
}
