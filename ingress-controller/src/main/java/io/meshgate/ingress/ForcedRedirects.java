package io.meshgate.ingress;

import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import io.meshgate.resources.annotations.IngressAnnotationTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The hosts where an Ingress's {@code ssl-redirect: "false"} was overridden ({@link PlainHttpRedirect#FORCED}),
 * reported as one condition per Ingress: its owner asked for plain HTTP and must learn why it gets a 308.
 */
final class ForcedRedirects {
    /** Condition type: the Ingress's ssl-redirect opt-out is not applied everywhere (False). */
    static final String TYPE = "SSLRedirectOptOut";
    static final String REASON = "RedirectForcedByClientCertificates";

    /** Per Ingress: host to the Ingress whose certificate for it requires client certificates. */
    private final Map<ResourceKey, Map<String, ResourceKey>> hostsByIngress = new LinkedHashMap<>();

    void add(ResourceKey ingress, String host, ResourceKey certificateOwner) {
        hostsByIngress.computeIfAbsent(ingress, k -> new TreeMap<>()).putIfAbsent(host, certificateOwner);
    }

    /** Appends the condition to each affected Ingress's conditions. */
    void reportTo(Map<ResourceKey, List<Condition>> statuses) {
        hostsByIngress.forEach((ingress, hosts) -> statuses.get(ingress).add(Condition.isFalse(TYPE, REASON,
                "metadata.annotations[" + IngressAnnotationTable.SSL_REDIRECT.name() + "]: \"false\" is overridden,"
                        + " plain HTTP is redirected to HTTPS for " + hosts.entrySet().stream()
                        .map(e -> "host " + e.getKey() + " (its certificate, from "
                                + (e.getValue().equals(ingress) ? "this Ingress"
                                        : "Ingress " + e.getValue().namespace() + "/" + e.getValue().name())
                                + ", requires client certificates)")
                        .collect(Collectors.joining("; ")))));
    }
}
