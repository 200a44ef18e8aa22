package io.meshgate.kube;

import io.meshgate.ingress.IngressBackendStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An IngressBackend's {@code status} as stored on the API server: FSM's {@code currentStatus} and
 * {@code reason}, then Kubernetes-style {@code conditions} ({@code type}, {@code status} "True" /
 * "False", {@code observedGeneration}, {@code lastTransitionTime}, {@code reason}, {@code message}).
 *
 * <p>Pure. A {@code View} is what a status says, without the transition times; two views are equal
 * exactly when no write is needed. The transition time of a condition whose type and status did
 * not change is kept as stored, so rewriting a status never moves it.
 *
 * @param currentStatus {@code committed} or {@code error}
 * @param reason        FSM's explanation
 * @param conditions    in order
 */
record IngressBackendStatusDocument(String currentStatus, String reason, List<Condition> conditions) {

    /** One condition, without its transition time. */
    record Condition(String type, String status, long observedGeneration, String reason, String message) {}

    IngressBackendStatusDocument {
        conditions = List.copyOf(conditions);
    }

    /** What {@code status} should say for an object of {@code generation}. */
    static IngressBackendStatusDocument of(IngressBackendStatus status, long generation) {
        List<Condition> conditions = new ArrayList<>();
        for (io.meshgate.resources.Condition c : status.conditions()) {
            conditions.add(new Condition(c.type(), c.status().wire(), generation, c.reason(), c.message()));
        }
        return new IngressBackendStatusDocument(status.currentStatus(), status.reason(), conditions);
    }

    /**
     * What a stored {@code status} says (a {@code GenericKubernetesResource}'s field: maps, lists,
     * strings and numbers); fields of the wrong type read as absent, so they get rewritten.
     */
    static IngressBackendStatusDocument read(Object stored) {
        Map<?, ?> status = stored instanceof Map<?, ?> m ? m : Map.of();
        List<Condition> conditions = new ArrayList<>();
        if (status.get("conditions") instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> c = item instanceof Map<?, ?> m ? m : Map.of();
                long generation = c.get("observedGeneration") instanceof Number n ? n.longValue() : 0;
                conditions.add(new Condition(text(c.get("type")), text(c.get("status")), generation,
                        text(c.get("reason")), text(c.get("message"))));
            }
        }
        return new IngressBackendStatusDocument(text(status.get("currentStatus")), text(status.get("reason")), conditions);
    }

    /** The same without observed generations: what a status means, whichever generation it was computed for. */
    IngressBackendStatusDocument withoutGenerations() {
        return new IngressBackendStatusDocument(currentStatus, reason, conditions.stream()
                .map(c -> new Condition(c.type(), c.status(), 0, c.reason(), c.message())).toList());
    }

    /**
     * The {@code status} field to write: this view, with each condition's {@code lastTransitionTime}
     * taken from {@code stored} when its type and status are unchanged, else {@code now}.
     */
    Map<String, Object> render(Object stored, Instant now) {
        String nowText = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("currentStatus", currentStatus);
        out.put("reason", reason);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Condition c : conditions) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("type", c.type());
            item.put("status", c.status());
            item.put("observedGeneration", c.observedGeneration());
            item.put("lastTransitionTime", previousTransition(stored, c).orElse(nowText));
            item.put("reason", c.reason());
            item.put("message", c.message());
            list.add(item);
        }
        out.put("conditions", list);
        return out;
    }

    private static Optional<String> previousTransition(Object stored, Condition c) {
        if (stored instanceof Map<?, ?> status && status.get("conditions") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> old && c.type().equals(old.get("type"))
                        && c.status().equals(old.get("status")) && old.get("lastTransitionTime") instanceof String time) {
                    return Optional.of(time);
                }
            }
        }
        return Optional.empty();
    }

    private static String text(Object value) {
        return value instanceof String s ? s : "";
    }
}
