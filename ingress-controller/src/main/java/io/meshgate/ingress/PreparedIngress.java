package io.meshgate.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.Cluster;
import io.meshgate.config.Route;
import io.meshgate.config.WeightedCluster;
import io.meshgate.ingress.annotations.RouteOptions;
import io.meshgate.resources.Condition;
import java.util.List;

/**
 * The part of one Ingress's translation that depends on that Ingress and on the objects it looks up
 * ({@link InputReads}) only, not on the other Ingresses: its checks and annotation settings, and per
 * backend the resolved target, the clusters it needs, its problems and its route. The merge of all
 * Ingresses (host claims, certificates, default backends, passthrough, conflicts) starts from these.
 * Kept between translations by {@link IngressTranslationMemo}, so an unchanged Ingress is not checked,
 * resolved and built again.
 *
 * @param refusal        the condition of an Ingress that is not served at all (bad annotation, host or
 *                       Secret), else null and the other fields are set
 * @param spec           the Ingress's spec (a private copy, never changed)
 * @param rules          per {@code spec.rules} entry, in order
 * @param defaultBackend the {@code spec.defaultBackend}'s backend, or null (none, or passed through)
 */
record PreparedIngress(InputReads reads, Condition refusal, JsonNode spec, RouteOptions options,
                       boolean tlsPassthrough, List<Rule> rules, Backend defaultBackend) {

    static PreparedIngress refused(InputReads reads, Condition refusal) {
        return new PreparedIngress(reads, refusal, null, null, false, List.of(), null);
    }

    /** One rule: its host (lower case, {@code *} for none) and its paths' backends. */
    record Rule(String host, List<Backend> paths) {}

    /**
     * One backend of a path (or the defaultBackend), resolved.
     *
     * @param cluster       the first cluster its requests go to (what a TLS passthrough relays to)
     * @param clusters      the route's weighted clusters
     * @param made          the clusters resolving it defined, in the order the translator would add them
     * @param unresolved    problems for the ResolvedRefs condition
     * @param split         the TrafficSplit outcome when the backend is a split's root, else null
     * @param exact         a path of type Exact (else Prefix)
     * @param path          the path ({@code /} when empty)
     * @param route         the route (its rewrite applied); null when building it failed or for a passed-through
     *                      Ingress
     * @param failure       why resolving the backend or building its route failed (the translation fails where it
     *                      uses this backend, as it did before the preparation was kept apart), else null
     */
    record Backend(String cluster, List<WeightedCluster> clusters, List<Cluster> made, List<String> unresolved,
                   IngressSplits.Outcome split, boolean exact, String path, Route route, RuntimeException failure) {

        /** The backend, or the failure of resolving or building it. */
        Backend orThrow() {
            if (failure != null) {
                throw failure;
            }
            return this;
        }
    }
}
