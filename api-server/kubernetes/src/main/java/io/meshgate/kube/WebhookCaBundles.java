package io.meshgate.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the mesh CA certificate into the {@code caBundle} of every webhook of the chart's
 * MutatingWebhookConfiguration (the sidecar injector) and ValidatingWebhookConfiguration (the
 * validator), so that the API server trusts the control plane's serving certificate. Only the
 * webhooks whose {@code caBundle} differs are patched (a JSON patch that first tests each webhook's
 * name, so a concurrent reorder fails instead of writing the wrong entry), which makes it safe to
 * run on every replica and every minute: the chart's RBAC allows {@code get} and {@code patch} on
 * exactly these two names. A {@code helm upgrade} renders an empty {@code caBundle} again; the next
 * check puts it back.
 */
public final class WebhookCaBundles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final String mutatingName;
    private final String validatingName;

    /**
     * @param mutatingName   the injector's configuration, or null when there is none
     * @param validatingName the validator's configuration, or null when there is none
     */
    public WebhookCaBundles(KubernetesClient client, String mutatingName, String validatingName) {
        this.client = Objects.requireNonNull(client, "client");
        this.mutatingName = mutatingName;
        this.validatingName = validatingName;
    }

    /** What one check found. */
    public record Result(int patchedWebhooks, List<String> missingConfigurations, Set<String> serviceHosts) { }

    /**
     * Patches every webhook whose {@code caBundle} is not {@code caPem}.
     *
     * @return how many webhooks were patched, the configurations not found, and the hosts
     *         ({@code <service>.<namespace>.svc}) the API server dials for them
     */
    public Result ensure(String caPem) {
        String wanted = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
        int patched = 0;
        List<String> missing = new ArrayList<>();
        Set<String> hosts = new LinkedHashSet<>();
        if (mutatingName != null) {
            MutatingWebhookConfiguration config = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                    .withName(mutatingName).get();
            if (config == null) {
                missing.add("MutatingWebhookConfiguration " + mutatingName);
            } else {
                List<String> names = new ArrayList<>();
                List<WebhookClientConfig> clients = new ArrayList<>();
                for (MutatingWebhook webhook : list(config.getWebhooks())) {
                    names.add(webhook.getName());
                    clients.add(webhook.getClientConfig());
                }
                String patch = patch(names, clients, wanted, hosts);
                if (patch != null) {
                    client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(mutatingName)
                            .patch(PatchContext.of(PatchType.JSON), patch);
                    patched += count(clients, wanted);
                }
            }
        }
        if (validatingName != null) {
            ValidatingWebhookConfiguration config = client.admissionRegistration().v1()
                    .validatingWebhookConfigurations().withName(validatingName).get();
            if (config == null) {
                missing.add("ValidatingWebhookConfiguration " + validatingName);
            } else {
                List<String> names = new ArrayList<>();
                List<WebhookClientConfig> clients = new ArrayList<>();
                for (ValidatingWebhook webhook : list(config.getWebhooks())) {
                    names.add(webhook.getName());
                    clients.add(webhook.getClientConfig());
                }
                String patch = patch(names, clients, wanted, hosts);
                if (patch != null) {
                    client.admissionRegistration().v1().validatingWebhookConfigurations().withName(validatingName)
                            .patch(PatchContext.of(PatchType.JSON), patch);
                    patched += count(clients, wanted);
                }
            }
        }
        return new Result(patched, List.copyOf(missing), Set.copyOf(hosts));
    }

    /** The JSON patch setting {@code wanted} where it is not yet, or null when every webhook has it. */
    private static String patch(List<String> names, List<WebhookClientConfig> clients, String wanted, Set<String> hosts) {
        ArrayNode ops = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < clients.size(); i++) {
            WebhookClientConfig clientConfig = clients.get(i);
            ServiceReference service = clientConfig == null ? null : clientConfig.getService();
            if (service != null && service.getName() != null && service.getNamespace() != null) {
                hosts.add(service.getName() + "." + service.getNamespace() + ".svc");
            }
            if (clientConfig != null && wanted.equals(clientConfig.getCaBundle())) {
                continue;
            }
            // the entry must still be the webhook read, else the patch fails and the next check retries
            ops.addObject().put("op", "test").put("path", "/webhooks/" + i + "/name").put("value", names.get(i));
            if (clientConfig == null) {
                ops.addObject().put("op", "add").put("path", "/webhooks/" + i + "/clientConfig")
                        .putObject("value").put("caBundle", wanted);
            } else {
                // "add" of an existing member replaces it (RFC 6902 4.1)
                ops.addObject().put("op", "add").put("path", "/webhooks/" + i + "/clientConfig/caBundle")
                        .put("value", wanted);
            }
        }
        if (ops.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(ops);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(List<WebhookClientConfig> clients, String wanted) {
        return (int) clients.stream().filter(c -> c == null || !wanted.equals(c.getCaBundle())).count();
    }

    private static <T> List<T> list(List<T> webhooks) {
        return webhooks == null ? List.of() : webhooks;
    }
}
