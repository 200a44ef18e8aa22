package io.meshgate.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.Objects;

/**
 * Publishes the mesh CA certificate (the public part only) as ConfigMap {@value #NAME}, key
 * {@value #KEY}, in the control plane's namespace: what the chart's egress gateway (and anything
 * else in the cluster that calls the control plane or checks a mesh certificate) mounts as its trust
 * anchor. Written only when missing or different; a ConfigMap someone else created with that name is
 * taken over (its {@value #KEY} set), its other keys left alone.
 */
public final class CaBundleConfigMap {
    public static final String NAME = "meshgate-ca-bundle";
    public static final String KEY = "ca.crt";

    private final KubernetesClient client;
    private final String namespace;

    public CaBundleConfigMap(KubernetesClient client, String namespace) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    /**
     * Makes the ConfigMap hold {@code caPem}.
     *
     * @return true when it had to be written
     */
    public boolean ensure(String caPem) {
        ConfigMap current = client.configMaps().inNamespace(namespace).withName(NAME).get();
        if (current == null) {
            ConfigMap fresh = new ConfigMapBuilder()
                    .withNewMetadata().withName(NAME).withNamespace(namespace)
                    .addToLabels(CaSecret.LABEL, LABEL_VALUE).endMetadata()
                    .withData(Map.of(KEY, caPem))
                    .build();
            try {
                client.configMaps().inNamespace(namespace).resource(fresh).create();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return false; // another replica published it meanwhile; the next check compares
                }
                throw e;
            }
        }
        if (current.getData() != null && caPem.equals(current.getData().get(KEY))) {
            return false;
        }
        // a merge patch of this one key: other keys and the metadata stay as they are
        ObjectNode change = JsonNodeFactory.instance.objectNode();
        change.putObject("data").put(KEY, caPem);
        client.configMaps().inNamespace(namespace).withName(NAME)
                .patch(PatchContext.of(PatchType.JSON_MERGE), change.toString());
        return true;
    }

    /** The label value of the ConfigMap (label {@link CaSecret#LABEL}). */
    static final String LABEL_VALUE = "mesh-ca-bundle";
}
