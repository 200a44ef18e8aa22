package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.meshgate.api.traffic.CounterHistory;
import io.meshgate.api.traffic.SplitTraffic;
import io.meshgate.api.traffic.TrafficSampler;
import io.meshgate.db.Role;
import io.meshgate.db.StoredObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/namespaces/{namespace}/trafficsplits/{name}/traffic} (viewer): what the proxies
 * counted for each backend of a TrafficSplit over a recent window: requests per second, share, total
 * since the proxies started, and which proxies sent it requests ({@link SplitTraffic}). The counters
 * come from the proxies' own {@code /stats} pages, read by {@link ProxyStatsReader} when asked. Mounted
 * before the resources, whose {@code /{plural}/{name}/...} paths answer everything else below
 * {@code /api/v1/namespaces}.
 */
final class TrafficSplitTrafficService implements EndpointsService {
    /** The window when the request names none: short enough that a weight change shows within seconds. */
    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    static final Duration MIN_WINDOW = Duration.ofSeconds(2);

    private final ResourceReads resources;
    private final ProxyStatsReader reader;
    private final Endpoints endpoints;

    TrafficSplitTrafficService(ResourceReads resources, ProxyStatsReader reader) {
        this.resources = resources;
        this.reader = reader;
        this.endpoints = Endpoints.builder()
                .path("/{namespace}/trafficsplits/{name}/traffic").get(this::traffic)
                .build();
    }

    @Override
    public String mountPath() {
        return "/api/v1/namespaces";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    private void traffic(Exchange ex) {
        ex.caller.require(Role.VIEWER);
        String namespace = ex.pathParam("namespace").orElseThrow();
        String name = ex.pathParam("name").orElseThrow();
        Duration window = window(ex.query("window"));
        JsonNode split = resources.get("TrafficSplit", namespace, name).map(StoredObject::bodyJson)
                .map(Jsons::readStored)
                .orElseThrow(() -> ApiException.notFound("TrafficSplit " + namespace + "/" + name + " not found"));
        List<String> backends = new ArrayList<>();
        Map<String, Long> weights = new LinkedHashMap<>();
        for (JsonNode b : split.path("spec").path("backends")) {
            String service = b.path("service").asText("");
            if (!service.isEmpty() && !weights.containsKey(service)) {
                backends.add(service);
                weights.put(service, b.path("weight").asLong(0));
            }
        }

        Map<String, ProxyStatsReader.Outcome> outcomes = reader.readAll();
        TrafficSampler sampler = reader.sampler();
        Map<String, CounterHistory.Observed> observed = new LinkedHashMap<>();
        outcomes.values().stream().filter(o -> o.error() == null)
                .forEach(o -> sampler.observe(o.proxy(), window).ifPresent(obs -> observed.put(o.proxy(), obs)));
        SplitTraffic traffic = SplitTraffic.of(namespace, backends, observed);

        ObjectNode body = Jsons.MAPPER.createObjectNode();
        body.put("namespace", namespace);
        body.put("name", name);
        body.put("service", split.path("spec").path("service").asText(""));
        body.put("window", window.toSeconds() + "s");
        body.put("sampledAt", sampler.now().toString());
        body.put("requestsPerSecond", round(traffic.requestsPerSecond()));
        ArrayNode items = body.putArray("backends");
        for (SplitTraffic.Backend b : traffic.backends()) {
            ObjectNode item = items.addObject();
            item.put("service", b.service());
            item.put("weight", weights.get(b.service()));
            item.put("requestsPerSecond", round(b.requestsPerSecond()));
            item.put("share", Math.round(b.share() * 10_000) / 10_000.0);
            item.put("totalRequests", b.totalRequests());
            b.proxies().forEach(item.putArray("proxies")::add);
            b.clusters().forEach(item.putArray("clusters")::add);
        }
        ArrayNode sources = body.putArray("sources");
        for (ProxyStatsReader.Outcome o : outcomes.values()) {
            ObjectNode source = sources.addObject();
            source.put("proxy", o.proxy());
            source.put("kind", o.kind());
            Optional<CounterHistory.Observed> obs = Optional.ofNullable(observed.get(o.proxy()));
            if (o.error() != null) {
                source.put("state", "unreachable");
                source.put("error", o.error());
            } else if (obs.isEmpty() || obs.get().span().isZero()) {
                source.put("state", "warming-up"); // one reading so far: totals, no rate yet
            } else {
                source.put("state", "sampled");
            }
            obs.ifPresent(value -> {
                source.put("observedSeconds", round(value.span().toMillis() / 1000.0));
                source.put("sampledAt", value.newestAt().toString());
            });
        }
        ex.res.header(HeaderNames.CACHE_CONTROL, "no-store");
        ex.sendJson(200, body);
    }

    /** {@code window=15s} or {@code 1m}, between {@link #MIN_WINDOW} and {@link TrafficSampler#MAX_WINDOW}. */
    static Duration window(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return DEFAULT_WINDOW;
        }
        String text = value.get().strip();
        Duration parsed = null;
        if (text.length() > 1 && text.length() < 8) {
            String digits = text.substring(0, text.length() - 1);
            char unit = text.charAt(text.length() - 1);
            if (digits.chars().allMatch(Character::isDigit) && (unit == 's' || unit == 'm')) {
                long n = Long.parseLong(digits);
                parsed = unit == 's' ? Duration.ofSeconds(n) : Duration.ofMinutes(n);
            }
        }
        if (parsed == null || parsed.compareTo(MIN_WINDOW) < 0 || parsed.compareTo(TrafficSampler.MAX_WINDOW) > 0) {
            String message = "a duration such as 10s or 1m, from " + MIN_WINDOW.toSeconds() + "s to "
                    + TrafficSampler.MAX_WINDOW.toSeconds() + "s";
            throw new ApiException(400, "bad-request", "Bad Request", "window: " + message + ", got '" + text + "'",
                    List.of(ApiException.Detail.of("window", message)));
        }
        return parsed;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
