package io.meshgate.reconcile.ingress;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.ingress.IngressInputs;
import io.meshgate.ingress.IngressSettings;
import io.meshgate.ingress.IngressTranslation;
import io.meshgate.ingress.IngressTranslationMemo;
import io.meshgate.ingress.IngressTranslator;
import io.meshgate.resources.Condition;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.Translation;
import io.meshgate.reconcile.Translator;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@link Translator} of ingress gateways: reads the kinds {@link IngressTranslator} needs out of
 * the snapshot and runs it with this gateway's listen settings. Each Ingress it serves gets the
 * translator's conditions and, when the gateway's public address is known here, a
 * {@code loadBalancer} status ({@link IngressLoadBalancer}) naming the address clients reach it at.
 * On Kubernetes that address is the publish Service's, which the cluster's status sink writes.
 */
public final class IngressProxyTranslator implements Translator {
    /** TrafficSplit: an Ingress backend that is a split's root Service is routed to the split's backends by weight. */
    private static final List<String> KINDS = List.of("Ingress", "IngressClass", "Service", "Endpoints", "Secret",
            "MeshConfig", "TrafficSplit");

    private static final System.Logger LOG = System.getLogger(IngressProxyTranslator.class.getName());

    private final Function<ResourceSnapshot, IngressSettings> settings;
    private final String publicAddress;
    /**
     * What the last translation prepared per Ingress, reused for the Ingresses whose inputs are the same
     * objects in the next snapshot (the snapshot keeps unchanged objects as the same instances), so one
     * changed object among thousands costs the merge, not every Ingress's checks and routes again.
     */
    private final IngressTranslationMemo memo = new IngressTranslationMemo();

    /** A gateway whose clients use its bind address (127.0.0.1 for a wildcard bind). */
    public IngressProxyTranslator(IngressSettings settings) {
        this(settings, publicAddressOf(settings.bindAddress()));
    }

    /**
     * @param publicAddress the address (IP or host name) clients reach the gateway at, shown in
     *                      Ingress statuses
     */
    public IngressProxyTranslator(IngressSettings settings, String publicAddress) {
        this(constant(settings), Objects.requireNonNull(publicAddress, "publicAddress"));
    }

    /**
     * A gateway whose settings depend on the snapshot (on Kubernetes the redirect's HTTPS port
     * follows the publish Service).
     *
     * @param settings      the gateway's settings for a snapshot; a pure function of it
     * @param publicAddress the address shown in Ingress statuses, or null to report no
     *                      {@code loadBalancer} (the status sink knows the address)
     */
    public IngressProxyTranslator(Function<ResourceSnapshot, IngressSettings> settings, String publicAddress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.publicAddress = publicAddress;
    }

    private static Function<ResourceSnapshot, IngressSettings> constant(IngressSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return snapshot -> settings;
    }

    /** The default public address of a gateway bound to {@code bind}. */
    public static String publicAddressOf(String bind) {
        return IngressLoadBalancer.defaultAddress(bind);
    }

    @Override
    public Translation translate(ResourceSnapshot snapshot, ProxyIdentity proxy) {
        List<Resource> resources = new ArrayList<>();
        for (String kind : KINDS) {
            resources.addAll(snapshot.list(kind));
        }
        IngressSettings settings = this.settings.apply(snapshot);
        long reusedBefore = memo.reused();
        IngressTranslation translation = IngressTranslator.translate(IngressInputs.from(resources), settings, memo);
        LOG.log(System.Logger.Level.DEBUG, () -> "translated " + translation.statuses().size() + " Ingresses, "
                + (memo.reused() - reusedBefore) + " of them from the memo");
        Map<ResourceKey, List<Condition>> statuses = new LinkedHashMap<>();
        Map<ResourceKey, ObjectNode> fields = new LinkedHashMap<>();
        translation.statuses().forEach((key, conditions) -> {
            statuses.put(key, conditions);
            if (publicAddress == null) {
                return;
            }
            boolean accepted = conditions.stream().anyMatch(c -> c.type().equals(Condition.ACCEPTED) && c.holds());
            Resource ingress = snapshot.get(key).orElse(null);
            ObjectNode status = JsonNodeFactory.instance.objectNode();
            status.set("loadBalancer", accepted && ingress != null
                    ? IngressLoadBalancer.of(ingress, translation.config(), publicAddress, settings.httpPort(),
                            settings.httpsPort())
                    : JsonNodeFactory.instance.objectNode());
            fields.put(key, status);
        });
        return new Translation(translation.config(), statuses, fields);
    }
}
