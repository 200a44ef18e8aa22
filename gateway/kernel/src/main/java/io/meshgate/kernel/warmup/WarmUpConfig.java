package io.meshgate.kernel.warmup;

import io.meshgate.config.ProxyConfig;
import io.meshgate.config.json.ProxyConfigJson;

/**
 * The throwaway kernel's config: listener {@code warm-origin} answers every request itself (a {@code respond}
 * filter, 200 with a short body), listener {@code warm-proxy} proxies every request to it over a pooled
 * HTTP/1.1 cluster, as an ingress route to a Service does. Both on loopback, port 0 (any free port).
 */
public final class WarmUpConfig {
    public static final String ORIGIN = "warm-origin";
    public static final String PROXY = "warm-proxy";

    private WarmUpConfig() {
    }

    /** Only the origin (the proxy's cluster needs the origin's bound port, known once it is bound). */
    public static ProxyConfig originOnly() {
        return ProxyConfigJson.read(json(false, 1));
    }

    /** Both listeners, the cluster pointing at the origin bound at {@code originPort}. */
    public static ProxyConfig withProxy(int originPort) {
        return ProxyConfigJson.read(json(true, originPort));
    }

    private static String json(boolean withProxy, int originPort) {
        String origin = listener(ORIGIN, """
                {"type": "respond", "status": 200, "body": "warm\\n"}""");
        String proxy = listener(PROXY, "");
        return """
                {"version": "warm-up", "listeners": [%s], "clusters": [{"name": "warm-origin",
                  "endpoints": [{"address": "127.0.0.1", "port": %d, "weight": 1}], "lbPolicy": "ROUND_ROBIN",
                  "stickyByClientAddress": false, "timeouts": {"connect": "PT1S", "request": "PT5S", "idle": "PT10S"},
                  "protocol": "HTTP1", "maxConnectionsPerEndpoint": 1024}]}
                """.formatted(withProxy ? origin + ", " + proxy : origin, originPort);
    }

    /** A listener with one catch-all route to the origin cluster, running {@code filters} (JSON objects) first. */
    private static String listener(String name, String filters) {
        return """
                {"type": "http", "name": "%s", "address": "127.0.0.1", "port": 0, "virtualHosts": [{"name": "warm",
                  "domains": ["*"], "routes": [{"name": "all",
                    "match": {"path": {"type": "PREFIX", "value": "/"}, "methods": [], "headers": []},
                    "clusters": [{"cluster": "warm-origin", "weight": 1}], "filters": [%s]}]}],
                  "passthrough": [], "settings": {"maxInitialLineLength": 8192, "maxHeaderSize": 32768,
                    "maxRequestBodyBytes": 1048576, "requestHeaderTimeout": "PT5S", "idleTimeout": "PT10S",
                    "http2": false, "maxConcurrentStreams": 100, "trustForwardedHeaders": false, "mergeSlashes": true}}
                """.formatted(name, filters);
    }
}
