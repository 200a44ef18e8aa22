package io.meshgate.console.metrics;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The canary screen's words for a split's live traffic, from the API's answer: per backend
 * {@code 12.5 req/s · 50% of traffic} or {@code no traffic}, and one line saying over which window
 * and from which proxies ({@code last 10s, from 2 proxies (ingress-gateway, sidecar.shop.client);
 * unreachable: sidecar.web.gone}). While every proxy has been read only once there is no rate yet:
 * {@code measuring…}.
 */
public final class LiveTraffic {
    /** Shown for a backend without requests in the window. */
    public static final String NO_TRAFFIC = "no traffic";
    /** Shown while no proxy has been read twice (rates need two readings). */
    public static final String MEASURING = "measuring…";

    private final Map<String, String> byBackend;
    private final String note;

    private LiveTraffic(Map<String, String> byBackend, String note) {
        this.byBackend = byBackend;
        this.note = note;
    }

    /** Reads the endpoint's answer. */
    public static LiveTraffic of(JsonNode answer) {
        List<String> read = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        boolean measured = false;
        for (JsonNode source : answer.path("sources")) {
            String state = source.path("state").asText();
            if (state.equals("unreachable")) {
                unreachable.add(source.path("proxy").asText());
            } else {
                read.add(source.path("proxy").asText());
                measured |= state.equals("sampled");
            }
        }
        Map<String, String> byBackend = new LinkedHashMap<>();
        for (JsonNode b : answer.path("backends")) {
            double rate = b.path("requestsPerSecond").asDouble();
            String text;
            if (rate > 0) {
                text = rate(rate) + " req/s · " + Math.round(100 * b.path("share").asDouble()) + "% of traffic";
            } else {
                text = measured ? NO_TRAFFIC : MEASURING;
            }
            byBackend.put(b.path("service").asText(), text);
        }
        String window = answer.path("window").asText("");
        StringBuilder note = new StringBuilder("last ").append(window).append(", ");
        note.append(read.isEmpty() ? "no proxy to read" : "from " + read.size() + (read.size() == 1 ? " proxy" : " proxies")
                + " (" + String.join(", ", read) + ")");
        if (!unreachable.isEmpty()) {
            note.append("; unreachable: ").append(String.join(", ", unreachable));
        }
        return new LiveTraffic(byBackend, note.toString());
    }

    /** What a backend's line says; {@link #NO_TRAFFIC} for one the answer does not list. */
    public String backend(String service) {
        return byBackend.getOrDefault(service, NO_TRAFFIC);
    }

    /** The window and the proxies the numbers come from. */
    public String note() {
        return note;
    }

    /** One decimal below 100 req/s, whole numbers above. */
    static String rate(double perSecond) {
        return perSecond >= 100 ? String.valueOf(Math.round(perSecond)) : String.format(Locale.ROOT, "%.1f", perSecond);
    }
}
