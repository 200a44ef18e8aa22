package io.meshgate.sidecar.translator.split;

import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.MeshModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TrafficSplits of one root Service that its sidecar rules apply: every scoped split (each takes
 * the requests of its matches), and of the splits that take every request the oldest (creation time,
 * then name) only; the later ones are {@code ignored} and say so. FSM merges such splits' backends
 * into one weighted set, which makes the weights of one depend on another's; honouring one, as for
 * EgressGateways, keeps each split's meaning its own.
 *
 * @param scoped  the scoped splits that take something, in name order
 * @param whole   the split that takes every request the scoped ones leave, if any
 * @param ignored splits that take every request but lost to {@code whole}
 */
record RootSplits(Resource root, List<ResolvedSplit> scoped, Optional<ResolvedSplit> whole, List<ResolvedSplit> ignored) {
    private static final Comparator<ResolvedSplit> OLDEST_FIRST = Comparator
            .comparing((ResolvedSplit s) -> Optional.ofNullable(s.policy().resource().metadata().creationTimestamp())
                    .orElse(Instant.MAX))
            .thenComparing(s -> s.policy().name());

    /** The splits of the mesh by root Service; splits whose root is missing or that take nothing are left out. */
    static Map<ResourceKey, RootSplits> of(MeshModel mesh) {
        return of(ResolvedSplit.of(mesh));
    }

    static Map<ResourceKey, RootSplits> of(List<ResolvedSplit> splits) {
        Map<ResourceKey, List<ResolvedSplit>> byRoot = new LinkedHashMap<>();
        for (ResolvedSplit split : splits) {
            if (split.appliesToSomething()) {
                byRoot.computeIfAbsent(split.root().orElseThrow().key(), k -> new ArrayList<>()).add(split);
            }
        }
        Map<ResourceKey, RootSplits> out = new LinkedHashMap<>();
        byRoot.forEach((key, list) -> {
            List<ResolvedSplit> scoped = list.stream().filter(s -> s.policy().scoped()).toList();
            List<ResolvedSplit> whole = list.stream().filter(s -> !s.policy().scoped()).sorted(OLDEST_FIRST).toList();
            out.put(key, new RootSplits(list.getFirst().root().orElseThrow(), scoped,
                    whole.isEmpty() ? Optional.empty() : Optional.of(whole.getFirst()),
                    whole.isEmpty() ? List.of() : whole.subList(1, whole.size())));
        });
        return out;
    }
}
