package io.meshgate.reconcile;

import io.meshgate.resources.Condition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Builds the stored {@code status} of a resource from a {@link ReportedStatus}, Kubernetes style:
 * the kind's fields, then {@code conditions} with {@code type}, {@code status} ("True"/"False"/
 * "Unknown"), {@code observedGeneration}, {@code lastTransitionTime}, {@code reason} and
 * {@code message}. A pure function: the same report over the same stored status gives the same
 * document, because a condition whose type and status did not change keeps its stored
 * {@code lastTransitionTime}. That is what makes an unchanged report write nothing.
 */
public final class StatusDocument {

    private StatusDocument() {}

    /**
     * @param reported   what the translator or reporter said
     * @param stored     the status stored now (null or missing when none)
     * @param generation the object's generation the report was computed from
     * @param now        the transition time of conditions that are new or changed status
     */
    public static ObjectNode compose(ReportedStatus reported, JsonNode stored, long generation, Instant now) {
        ObjectNode status = reported.fields();
        if (reported.conditions().isEmpty()) {
            return status;
        }
        String nowText = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        ArrayNode conditions = status.putArray("conditions");
        for (Condition c : reported.conditions()) {
            String value = c.status().wire();
            ObjectNode out = conditions.addObject();
            out.put("type", c.type());
            out.put("status", value);
            out.put("observedGeneration", generation);
            out.put("lastTransitionTime", previousTransition(stored, c.type(), value, nowText));
            out.put("reason", c.reason());
            out.put("message", c.message());
        }
        return status;
    }

    private static String previousTransition(JsonNode stored, String type, String value, String now) {
        if (stored == null) {
            return now;
        }
        for (JsonNode old : stored.path("conditions")) {
            if (type.equals(old.path("type").asText()) && value.equals(old.path("status").asText())
                    && old.path("lastTransitionTime").isTextual()) {
                return old.path("lastTransitionTime").asText();
            }
        }
        return now;
    }
}
