package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.router.QueryParameters;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Small renderings shared by views: times, object references, in-app links. */
public final class Texts {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Texts() {}

    /** An RFC 3339 instant as {@code 2026-01-31 12:00:00 UTC}. */
    public static String when(String instant) {
        try {
            return WHEN.format(Instant.parse(instant));
        } catch (DateTimeParseException | NullPointerException e) {
            return instant == null ? "" : instant;
        }
    }

    /** How long ago an RFC 3339 instant was: {@code 12 s ago}, {@code 5 min ago}, {@code 3 h ago}; "—" for none. */
    public static String ago(String instant) {
        if (instant == null || instant.isEmpty()) {
            return "—";
        }
        Instant then;
        try {
            then = Instant.parse(instant);
        } catch (DateTimeParseException e) {
            return instant;
        }
        Duration d = Duration.between(then, Instant.now());
        if (d.toSeconds() < 120) {
            return Math.max(0, d.toSeconds()) + " s ago";
        }
        return d.toMinutes() < 120 ? d.toMinutes() + " min ago" : d.toHours() + " h ago";
    }

    /** {@code Kind namespace/name} of an audit row or an object reference. */
    public static String objectText(JsonNode row) {
        String ns = row.path("namespace").asText("");
        String kind = row.path("kind").asText("");
        String name = row.path("name").asText("");
        return (kind + " " + (ns.isEmpty() ? "" : ns + "/") + name).trim();
    }

    /** A link to another view that the router follows without reloading the page. */
    public static Anchor link(String text, String route, Map<String, String> query) {
        String q = QueryParameters.simple(query).getQueryString();
        Anchor a = new Anchor(route + (q.isEmpty() ? "" : "?" + q), text);
        a.getElement().setAttribute("router-link", true);
        return a;
    }
}
