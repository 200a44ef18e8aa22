package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.router.QueryParameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The filters of a list view, kept in the URL so a filtered list can be bookmarked and shared:
 * {@code ?q=} free text (matched against the object's name, namespace and {@code extraText}),
 * {@code labels=} a label selector sent to the API ({@code app=web,tier}), {@code ns=} a namespace.
 *
 * @param search    free text, "" for none
 * @param labels    label selector, "" for none
 * @param namespace namespace, "" for all
 */
public record ListFilters(String search, String labels, String namespace) {
    public static final ListFilters NONE = new ListFilters("", "", "");

    public ListFilters {
        search = search == null ? "" : search.trim();
        labels = labels == null ? "" : labels.trim();
        namespace = namespace == null ? "" : namespace.trim();
    }

    public static ListFilters from(QueryParameters query) {
        return new ListFilters(first(query, "q"), first(query, "labels"), first(query, "ns"));
    }

    /** The URL query of these filters (empty ones left out), plus {@code extra} parameters. */
    public QueryParameters toQuery(Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "q", search);
        put(p, "labels", labels);
        put(p, "ns", namespace);
        extra.forEach((k, v) -> put(p, k, v));
        return QueryParameters.simple(p);
    }

    /** Whether an object matches the free text (case-insensitive) in its name, namespace or {@code extraText}. */
    public boolean matches(JsonNode object, String extraText) {
        if (search.isEmpty()) {
            return true;
        }
        String needle = search.toLowerCase(Locale.ROOT);
        JsonNode meta = object.path("metadata");
        return contains(meta.path("name").asText(), needle) || contains(meta.path("namespace").asText(), needle)
                || contains(extraText, needle);
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
    }

    private static void put(Map<String, String> p, String key, String value) {
        if (value != null && !value.isBlank()) {
            p.put(key, value);
        }
    }

    static String first(QueryParameters query, String name) {
        List<String> values = query.getParameters().getOrDefault(name, List.of());
        return values.isEmpty() ? "" : values.get(0);
    }
}
