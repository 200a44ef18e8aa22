package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one table of credential-holding fields per kind. Whatever hides credentials (viewer reads,
 * watch events, the audit copy) and whatever puts them back (revert) reads this table, so a kind
 * that gains a credential field is protected everywhere by adding one row here.
 *
 * <p>Paths are member names from the object's root; {@value #ANY_MEMBER} stands for every member of
 * a map (a Secret's keys are chosen by its author, and every value is a credential).
 */
public final class SensitiveFields {
    /** Stands for each member of a map. */
    static final String ANY_MEMBER = "*";

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private static final Map<String, List<List<String>>> BY_KIND = Map.of(
            "Secret", List.of(List.of("data", ANY_MEMBER), List.of("stringData", ANY_MEMBER)),
            "Cluster", List.of(List.of("spec", "kubeconfig")),
            "MeshConfig", List.of(List.of("spec", "observability", "remoteLogging", "authorization")));

    /** kubectl's annotation holds a full copy of the object, credentials included. */
    private static final SensitiveField LAST_APPLIED_FIELD =
            new SensitiveField(List.of("metadata", "annotations", LAST_APPLIED), true);

    private SensitiveFields() {}

    /** Whether objects of {@code kind} can hold credentials at all. */
    public static boolean has(String kind) {
        return kind != null && BY_KIND.containsKey(kind);
    }

    /**
     * The sensitive fields present (non-null) in {@code object}, a whole object's JSON of
     * {@code kind}; empty for kinds without credentials.
     */
    public static List<SensitiveField> in(String kind, JsonNode object) {
        List<List<String>> rows = kind == null ? null : BY_KIND.get(kind);
        if (rows == null || object == null) {
            return List.of();
        }
        List<SensitiveField> found = new ArrayList<>();
        for (List<String> row : rows) {
            collect(object, row, 0, new ArrayList<>(), found);
        }
        if (LAST_APPLIED_FIELD.valueIn(object) != null) {
            found.add(LAST_APPLIED_FIELD);
        }
        return found;
    }

    private static void collect(JsonNode node, List<String> row, int depth, List<String> prefix,
                                List<SensitiveField> found) {
        if (depth == row.size()) {
            if (node != null && !node.isNull()) {
                found.add(new SensitiveField(prefix, false));
            }
            return;
        }
        if (node == null || !node.isObject()) {
            return;
        }
        String member = row.get(depth);
        if (member.equals(ANY_MEMBER)) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                collect(node.get(name), row, depth + 1, append(prefix, name), found);
            }
        } else {
            collect(node.get(member), row, depth + 1, append(prefix, member), found);
        }
    }

    private static List<String> append(List<String> prefix, String member) {
        List<String> longer = new ArrayList<>(prefix);
        longer.add(member);
        return longer;
    }
}
