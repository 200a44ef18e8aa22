package io.meshgate.api.reconcile;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.StoredObject;
import io.meshgate.ingress.IngressCondition;
import io.meshgate.ingress.IngressInputs;
import io.meshgate.ingress.IngressSettings;
import io.meshgate.ingress.IngressTranslation;
import io.meshgate.ingress.IngressTranslator;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link Translator} of ingress gateways: reads the kinds {@link IngressTranslator} needs out of
 * the snapshot and runs it with this gateway's listen settings. Each Ingress it serves gets the
 * translator's conditions and a {@code loadBalancer} status ({@link IngressLoadBalancer}) naming
 * the address clients reach the gateway at.
 */
public final class IngressProxyTranslator implements Translator {
    private static final List<String> KINDS = List.of("Ingress", "IngressClass", "Service", "Endpoints", "Secret",
            "MeshConfig");

    private final IngressSettings settings;
    private final String publicAddress;
    private final ResourceCodec codec = new ResourceCodec();

    /** A gateway whose clients use its bind address (127.0.0.1 for a wildcard bind). */
    public IngressProxyTranslator(IngressSettings settings) {
        this(settings, publicAddressOf(settings.bindAddress()));
    }

    /**
     * @param publicAddress the address (IP or host name) clients reach the gateway at, shown in
     *                      Ingress statuses
     */
    public IngressProxyTranslator(IngressSettings settings, String publicAddress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.publicAddress = Objects.requireNonNull(publicAddress, "publicAddress");
    }

    /** The default public address of a gateway bound to {@code bind}. */
    public static String publicAddressOf(String bind) {
        return IngressLoadBalancer.defaultAddress(bind);
    }

    @Override
    public Translation translate(ResourceSnapshot snapshot, ProxyIdentity proxy) {
        List<Resource> resources = new ArrayList<>();
        Map<ResourceKey, Resource> ingresses = new LinkedHashMap<>();
        for (String kind : KINDS) {
            for (StoredObject stored : snapshot.list(kind)) {
                Resource resource = codec.parseJson(stored.bodyJson()).getFirst();
                resources.add(resource);
                if (kind.equals("Ingress")) {
                    ingresses.put(resource.key(), resource);
                }
            }
        }
        IngressTranslation translation = IngressTranslator.translate(IngressInputs.from(resources), settings);
        Map<ResourceKey, List<Condition>> statuses = new LinkedHashMap<>();
        Map<ResourceKey, ObjectNode> fields = new LinkedHashMap<>();
        translation.statuses().forEach((key, conditions) -> {
            statuses.put(key, conditions.stream().map(IngressProxyTranslator::condition).toList());
            boolean accepted = conditions.stream().anyMatch(c -> c.type().equals(IngressCondition.ACCEPTED) && c.status());
            Resource ingress = ingresses.get(key);
            ObjectNode status = JsonNodeFactory.instance.objectNode();
            status.set("loadBalancer", accepted && ingress != null
                    ? IngressLoadBalancer.of(ingress, translation.config(), publicAddress, settings.httpPort(),
                            settings.httpsPort())
                    : JsonNodeFactory.instance.objectNode());
            fields.put(key, status);
        });
        return new Translation(translation.config(), statuses, fields);
    }

    private static Condition condition(IngressCondition c) {
        return new Condition(c.type(), c.status() ? Condition.Status.TRUE : Condition.Status.FALSE, c.reason(),
                c.message());
    }
}
