package io.meshgate.kube;

import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Logs an Ingress's conditions once when they change, not on every pass, by every pod (leader or
 * not): the Ingress API has no conditions, so besides the leader's Events this is where they show.
 * Called on the reconcile thread only.
 */
final class IngressConditionLog {
    private static final System.Logger LOG = System.getLogger(IngressConditionLog.class.getName());

    private Map<ResourceKey, List<Condition>> logged = new HashMap<>();

    void log(Map<ResourceKey, List<Condition>> conditions) {
        conditions.forEach((key, now) -> {
            if (!now.equals(logged.get(key))) {
                boolean healthy = now.stream().noneMatch(IngressConditionEvents::isProblem);
                LOG.log(healthy ? Level.INFO : Level.WARNING, key + ": " + now.stream()
                        .map(c -> c.type() + "=" + IngressConditionEvents.statusText(c) + " (" + c.reason()
                                + (c.message().isEmpty() ? "" : ": " + c.message()) + ")")
                        .collect(Collectors.joining(", ")));
            }
        });
        logged = new HashMap<>(conditions);
    }
}
