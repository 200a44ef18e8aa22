package io.meshgate.kernel.warmup;

import io.meshgate.config.DownstreamTls;
import io.meshgate.config.HttpListener;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.ServerCertificate;
import io.meshgate.config.json.ProxyConfigJson;

import java.security.GeneralSecurityException;
import java.util.List;

/**
 * The throwaway kernel's config: listener {@code warm-proxy} on a free loopback port proxies every request to
 * the {@link WarmUpOrigin} over pooled HTTP/1.1 clusters, as ingress routes to a Service do. Its settings
 * are those the ingress translation gives a gateway listener (cleartext HTTP/2 detection on, the same limits
 * and timeouts), so that the connection set-up compiled here is the one real connections run: a listener
 * without HTTP/2 detection has one decoder fewer in its pipeline, and code compiled for that pipeline traps
 * out on the real one's first request. Beside the plain route, two routes carry what Ingress annotations add
 * ({@link #REWRITE_PREFIX}: a rewrite filter to a sticky, hashing cluster; {@link #REDIRECT_PREFIX}: the redirect
 * to HTTPS that ssl-redirect puts on a TLS host's plain-HTTP routes; {@link #LEAST_WORK_PREFIX}: a least-work
 * cluster): a gateway whose routes never had a filter when C2 compiled the request path compiled it
 * without one, and the first route with one (at the start, or applied later) trapped out of it and spent the
 * next second recompiling (0.48x of the rate before that swap, 380 ms of C2, measured 2026-12-08). The rewrite
 * matches some of its requests and not others, with a capture group: a filter whose pattern had always matched
 * trapped out on the first path it did not match, and the regex engine's no-match path compiled then.
 */
public final class WarmUpConfig {
    public static final String PROXY = "warm-proxy";
    public static final String PROXY_TLS = "warm-proxy-tls";
    /**
     * Requests under this path take the route with a rewrite filter, to a sticky cluster that hashes; the rewrite
     * matches those under {@code up/} only.
     */
    public static final String REWRITE_PREFIX = "/warm/rewrite/";
    /** Requests under this path are answered 308 to HTTPS, as ssl-redirect answers plain HTTP to a TLS host. */
    public static final String REDIRECT_PREFIX = "/warm/redirect/";
    /** Requests under this path take the route to a least-work cluster. */
    public static final String LEAST_WORK_PREFIX = "/warm/least/";

    private WarmUpConfig() {
    }

    /**
     * The proxy listener and its cluster, pointing at the origin bound at {@code originPort}; with
     * {@code certificate}, also the same listener terminating TLS with it ({@code warm-proxy-tls}), as a gateway's
     * HTTPS listener does.
     */
    public static ProxyConfig proxyTo(int originPort, ThrowawayCertificate certificate) throws GeneralSecurityException {
        ProxyConfig plain = proxyTo(originPort);
        if (certificate == null) {
            return plain;
        }
        HttpListener http = (HttpListener) plain.listeners().getFirst();
        DownstreamTls tls = new DownstreamTls(List.of(new ServerCertificate(List.of(), certificate.certificatePem(),
                PrivateKeyPem.of(certificate.privateKeyPem()), null)), null);
        HttpListener https = new HttpListener(PROXY_TLS, http.address(), http.port(), http.virtualHosts(), tls,
                http.passthrough(), http.globalPassthrough(), http.settings());
        return new ProxyConfig(plain.version(), List.of(http, https), plain.clusters());
    }

    /** The proxy listener and its clusters, all pointing at the origin bound at {@code originPort}. */
    public static ProxyConfig proxyTo(int originPort) {
        String routes = String.join(",\n", route("rewritten", REWRITE_PREFIX, "warm-origin-sticky",
                        "{\"type\": \"rewrite\", \"pattern\": \"^" + REWRITE_PREFIX + "(up)/\", \"replacement\": \"/warm/$1/\"}"),
                route("redirected", REDIRECT_PREFIX, "warm-origin",
                        "{\"type\": \"redirect\", \"scheme\": \"https\", \"port\": 0, \"status\": 308}"),
                route("least-work", LEAST_WORK_PREFIX, "warm-origin-least-work", ""),
                route("all", "/", "warm-origin", ""));
        String clusters = String.join(",\n", cluster("warm-origin", originPort, "ROUND_ROBIN", false),
                cluster("warm-origin-sticky", originPort, "HASHING", true),
                cluster("warm-origin-least-work", originPort, "LEAST_WORK", false));
        return ProxyConfigJson.read("""
                {"version": "warm-up", "listeners": [{"type": "http", "name": "%s", "address": "127.0.0.1", "port": 0,
                  "virtualHosts": [{"name": "warm", "domains": ["*"], "routes": [%s]}],
                  "passthrough": [], "settings": {"maxInitialLineLength": 8192, "maxHeaderSize": 32768,
                    "maxRequestBodyBytes": 1073741824, "requestHeaderTimeout": "PT30S", "idleTimeout": "PT75S",
                    "http2": true, "maxConcurrentStreams": 100, "trustForwardedHeaders": false, "mergeSlashes": true}}],
                 "clusters": [%s]}
                """.formatted(PROXY, routes, clusters));
    }

    /** A route of every request under {@code prefix} to {@code cluster}, with the filters in {@code filters} (JSON). */
    private static String route(String name, String prefix, String cluster, String filters) {
        return """
                {"name": "%s", "match": {"path": {"type": "PREFIX", "value": "%s"}, "methods": [], "headers": []},
                  "clusters": [{"cluster": "%s", "weight": 1}], "filters": [%s]}""".formatted(name, prefix, cluster, filters);
    }

    private static String cluster(String name, int originPort, String lbPolicy, boolean sticky) {
        return """
                {"name": "%s", "endpoints": [{"address": "127.0.0.1", "port": %d, "weight": 1}],
                  "lbPolicy": "%s", "stickyByClientAddress": %b,
                  "timeouts": {"connect": "PT5S", "request": "PT60S", "idle": "PT60S"},
                  "protocol": "HTTP1", "maxConnectionsPerEndpoint": 1024}""".formatted(name, originPort, lbPolicy, sticky);
    }
}
