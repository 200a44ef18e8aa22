package io.meshgate.api.reconcile;

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
 * the snapshot and runs it with this gateway's listen settings.
 */
public final class IngressProxyTranslator implements Translator {
    private static final List<String> KINDS = List.of("Ingress", "IngressClass", "Service", "Endpoints", "Secret",
            "MeshConfig");

    private final IngressSettings settings;
    private final ResourceCodec codec = new ResourceCodec();

    public IngressProxyTranslator(IngressSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Translation translate(ResourceSnapshot snapshot, ProxyIdentity proxy) {
        List<Resource> resources = new ArrayList<>();
        for (String kind : KINDS) {
            for (StoredObject stored : snapshot.list(kind)) {
                resources.add(codec.parseJson(stored.bodyJson()).getFirst());
            }
        }
        IngressTranslation translation = IngressTranslator.translate(IngressInputs.from(resources), settings);
        Map<ResourceKey, List<Condition>> statuses = new LinkedHashMap<>();
        translation.statuses().forEach((key, conditions) -> statuses.put(key, conditions.stream()
                .map(IngressProxyTranslator::condition).toList()));
        return new Translation(translation.config(), statuses);
    }

    private static Condition condition(IngressCondition c) {
        return new Condition(c.type(), c.status() ? Condition.Status.TRUE : Condition.Status.FALSE, c.reason(),
                c.message());
    }
}
