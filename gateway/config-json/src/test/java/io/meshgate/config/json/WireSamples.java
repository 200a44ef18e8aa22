package io.meshgate.config.json;

import io.meshgate.config.Access;
import io.meshgate.config.AccessGrant;
import io.meshgate.config.CircuitBreaker;
import io.meshgate.config.ClientValidation;
import io.meshgate.config.Cluster;
import io.meshgate.config.ClusterTimeouts;
import io.meshgate.config.ConnectionLimits;
import io.meshgate.config.ConnectionRateLimit;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.DirectResponse;
import io.meshgate.config.DnsListener;
import io.meshgate.config.DnsRecord;
import io.meshgate.config.DownstreamTls;
import io.meshgate.config.EgressTunnel;
import io.meshgate.config.Endpoint;
import io.meshgate.config.FilterConfig;
import io.meshgate.config.GlobalPassthrough;
import io.meshgate.config.HeaderMatch;
import io.meshgate.config.HeaderMutation;
import io.meshgate.config.HttpListener;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.Listener;
import io.meshgate.config.LocalRateLimit;
import io.meshgate.config.MeshListener;
import io.meshgate.config.MeshTls;
import io.meshgate.config.PathMatch;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Redirect;
import io.meshgate.config.RetryPolicy;
import io.meshgate.config.Rewrite;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.ServerCertificate;
import io.meshgate.config.SniPassthrough;
import io.meshgate.config.TcpListener;
import io.meshgate.config.TokenBucketSettings;
import io.meshgate.config.TunnelListener;
import io.meshgate.config.TunnelMode;
import io.meshgate.config.TunnelRule;
import io.meshgate.config.UpstreamTls;
import io.meshgate.config.VirtualHost;
import io.meshgate.config.WeightedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deterministic configs (fixed PEM text, no generated PKI) for the wire-format golden files: every
 * record type, every listener and filter type, every scalar kind, and strings that need escaping. The
 * golden files were written by the Jackson databind codec this module had before its streaming codec,
 * so they pin the wire format byte for byte.
 */
final class WireSamples {
    private WireSamples() {}

    static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGUgdGV4dA==\n"
            + "-----END CERTIFICATE-----\n";
    static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBpDCCAUqgAwIBAgIUVGVzdCBDQSBjZXJ0aWZpY2F0ZQ==\n"
            + "-----END CERTIFICATE-----\n";
    static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
            + "-----END PRIVATE KEY-----\n";
    static final String EC_KEY = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIHNlY3JldCBtYXRlcmlhbCBvZiB0aGUga2V5\n"
            + "-----END EC PRIVATE KEY-----\n";

    /** Every listener type, filter type and cluster option, with text that must be escaped. */
    static ProxyConfig everything() {
        ServerCertificate withClients = new ServerCertificate(List.of("a.example", "*.A.example"), CERT + CA,
                PrivateKeyPem.of(KEY), new ClientValidation(CA, 3, false));
        // a sloppy bundle that holds its key too: a redacted dump strips it
        ServerCertificate bundle = new ServerCertificate(List.of(), CERT + EC_KEY, PrivateKeyPem.of(EC_KEY), null);
        DownstreamTls tls = new DownstreamTls(List.of(withClients), bundle);

        Map<String, String> unsortedHeaders = new LinkedHashMap<>();
        unsortedHeaders.put("x-zulu", "last");
        unsortedHeaders.put("x-alpha", "first");
        List<FilterConfig> filters = List.of(
                new HeaderMutation(Map.of("x-b", "2", "x-a", "1", "x-c", "ü € 😀"), Map.of(), List.of("x-drop", "x-also"),
                        Map.of("server", "meshgate"), Map.of("x-added", "v"), List.of()),
                new Rewrite("^/api/(.*)$", "/v2/$1"),
                Redirect.toHttps(0),
                new DirectResponse(418, "line1\nline2\t\"quoted\" \\ back ü € 😀 \u0001 </script> & <b>"
                        + " -----BEGIN RSA PRIVATE KEY-----abc-----END RSA PRIVATE KEY----- tail"),
                new RetryPolicy(List.of("5xx", "409", "connect-failure", "reset"), 3, Duration.ofMillis(1500),
                        Duration.ofMillis(40), 32 * 1024, 25, 4),
                RetryPolicy.of(List.of("gateway-error"), 0, null, null),
                new LocalRateLimit("inbound_demo/fortio_8080_http", LocalRateLimit.Scope.ROUTE,
                        new TokenBucketSettings(3, Duration.ofMinutes(1), 10), 503, unsortedHeaders));
        RouteMatch match = new RouteMatch(PathMatch.regex("/api/[a-z]+"), Set.of("GET", "post", "DELETE", "PATCH"),
                List.of(new HeaderMatch("X-Canary", HeaderMatch.Type.EXACT, "yes"),
                        new HeaderMatch("x-user", HeaderMatch.Type.REGEX, "^u[0-9]+$"),
                        new HeaderMatch("x-debug", HeaderMatch.Type.PRESENT, null)));
        Route api = new Route("api", match, List.of(new WeightedCluster("web", 80), new WeightedCluster("secure", 0)),
                filters, Duration.ofNanos(1_500_000_001L));
        Route exact = new Route("health", RouteMatch.path(PathMatch.exact("/healthz")),
                List.of(new WeightedCluster("web", 1)), List.of(), Duration.ofDays(2).plusMinutes(3));
        VirtualHost host = new VirtualHost("a", List.of("a.example", "*.B.example"), List.of(api, exact));
        VirtualHost any = new VirtualHost("default", List.of("*"), List.of(Route.to("root", RouteMatch.ANY, "web")));

        HttpSettings settings = new HttpSettings(4096, 16 * 1024, 1L << 40, Duration.ofSeconds(10),
                Duration.ofMinutes(2), false, 50, true, false, 2000, Duration.ofMillis(90_500));
        HttpListener https = new HttpListener("https", "127.0.0.1", 8443, List.of(host, any), tls,
                List.of(new SniPassthrough(List.of("p.example", "*.PT.example"), "passthrough")),
                new GlobalPassthrough(443, List.of("*.Global.example"), true), settings);
        HttpListener plain = new HttpListener("http", "0.0.0.0", 0, List.of(any), null, List.of(),
                new GlobalPassthrough(8443, List.of()), HttpSettings.DEFAULTS);
        TcpListener tcp = new TcpListener("mysql", "127.0.0.1", 13306, "db", Duration.ofMinutes(10));

        MeshTls meshTls = new MeshTls(CERT, PrivateKeyPem.of(KEY), CA);
        AccessGrant byPrincipal = new AccessGrant("bookbuyer", Set.of("Bookbuyer.default.cluster.local", "*"),
                List.of(), List.of(RouteMatch.path(PathMatch.prefix("/books"))));
        AccessGrant byAddress = AccessGrant.certificateFrom("ingress", Set.of("nginx.ingress.cluster.local"),
                List.of("10.0.0.1/32", "fd00::/8"), List.of());
        DestinationRule httpRule = new DestinationRule("inbound|8080", List.of(), 8080, DestinationRule.AppProtocol.HTTP,
                List.of(any), null, new Access(List.of(byPrincipal, byAddress)), null);
        DestinationRule tcpRule = new DestinationRule("inbound|3306", List.of("10.1.2.3"), 3306,
                DestinationRule.AppProtocol.TCP_SERVER_FIRST, List.of(), "db", Access.NOBODY,
                List.of("DB.example"), new ConnectionRateLimit("inbound_db", new TokenBucketSettings(1,
                Duration.ofSeconds(1), 0)));
        MeshListener inbound = new MeshListener("inbound", "0.0.0.0", 15003, MeshListener.Direction.INBOUND,
                List.of(httpRule, tcpRule), MeshListener.UnmatchedDestination.REFUSE, meshTls, settings, null);
        MeshListener outbound = new MeshListener("outbound", "127.0.0.1", 15001, MeshListener.Direction.OUTBOUND,
                List.of(), MeshListener.UnmatchedDestination.PASSTHROUGH, null, null, "egress");
        DnsListener dns = new DnsListener("dns", "127.0.0.53", 53, List.of(new DnsRecord("Bookstore.Default.", List.of(
                "10.96.0.10", "fd00::10"))), List.of("1.1.1.1:53"), Duration.ofMillis(750), "/etc/hosts");
        TunnelListener tunnel = new TunnelListener("tunnel", "0.0.0.0", 1080, TunnelMode.SOCKS5, meshTls,
                List.of(new TunnelRule("egress/curl/httpbin-80", Set.of("curl.curl.cluster.local"),
                        List.of("HTTPBIN.org"), List.of("10.0.0.0/8"), List.of(80, 443)),
                        new TunnelRule("open", null, null, null, null)), false, null);

        Cluster web = new Cluster("web", List.of(new Endpoint("10.0.0.1", 8080, 3), Endpoint.of("10.0.0.2", 8080)),
                Cluster.LbPolicy.HASHING, false, ClusterTimeouts.DEFAULTS, null, Cluster.UpstreamProtocol.HTTP1, 0)
                .withCircuitBreaker(new CircuitBreaker(Duration.ofMinutes(1), 200, Duration.ofMillis(200), 100, 0.1, 0,
                        1, Duration.ofSeconds(10), 0, null))
                .withLimits(new ConnectionLimits(100, 50, 10, 5, 3));
        Cluster secure = new Cluster("secure", List.of(Endpoint.of("backend.internal", 443)),
                Cluster.LbPolicy.LEAST_WORK, true,
                new ClusterTimeouts(Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ZERO),
                new UpstreamTls("backend.internal", true, false, CA, CERT + KEY, PrivateKeyPem.of(KEY)),
                Cluster.UpstreamProtocol.HTTP2, 64)
                .withCircuitBreaker(new CircuitBreaker(Duration.ofSeconds(5), 0, null, 0, 0, 7, 0.333333333333,
                        Duration.ofSeconds(1), 503, "Service Unavailable! \"ü\""));
        Cluster passthrough = Cluster.of("passthrough", List.of(Endpoint.of("10.0.0.9", 443)));
        Cluster db = Cluster.of("db", List.of(new Endpoint("10.0.0.5", 3306, 0)))
                .withTls(new UpstreamTls(null, false, null, null, null));
        Cluster gateway = Cluster.of("egress-gateway", List.of(Endpoint.of("10.0.0.7", 1080)));
        Cluster egress = Cluster.originalDestination("egress", new UpstreamTls(null, true, CA, null, null),
                new EgressTunnel("egress-gateway", TunnelMode.CONNECT));
        Cluster empty = Cluster.of("empty", List.of());

        List<Listener> listeners = List.of(https, plain, tcp, inbound, outbound, dns, tunnel);
        return new ProxyConfig("v42-ü \"quoted\"", listeners,
                List.of(web, secure, passthrough, db, gateway, egress, empty));
    }

    /**
     * Key material pasted into every kind of string a config holds (map values, list and set elements,
     * plain properties): a redacted dump strips it from all of them.
     */
    static ProxyConfig keysEverywhere() {
        String key = "-----BEGIN PRIVATE KEY-----abc-----END PRIVATE KEY-----";
        HeaderMutation h = new HeaderMutation(Map.of("x-k", key), Map.of(), List.of(), Map.of(), Map.of(), List.of());
        LocalRateLimit l = new LocalRateLimit("b", null, new TokenBucketSettings(1, Duration.ofSeconds(1), 0), 0,
                Map.of("x-k", key));
        Route r = new Route("r", RouteMatch.ANY, List.of(new WeightedCluster("c", 1)), List.of(h, l), null);
        AccessGrant g = new AccessGrant("g", Set.of(key), List.of(key), List.of());
        DestinationRule rule = new DestinationRule("d", List.of(key), 80, DestinationRule.AppProtocol.TCP, List.of(), "c",
                new Access(List.of(g)), List.of(key));
        DnsListener dns = new DnsListener("dns", "127.0.0.1", 53, List.of(new DnsRecord("a", List.of(key))), List.of(key),
                null, key);
        return new ProxyConfig(key, List.of(
                HttpListener.plain("h", "0.0.0.0", 80, List.of(new VirtualHost("v", List.of("*"), List.of(r)))),
                new MeshListener("m", "0.0.0.0", 81, MeshListener.Direction.INBOUND, List.of(rule), null, null, null),
                dns), List.of(Cluster.of("c", List.of())));
    }

    /** The smallest config there is. */
    static ProxyConfig empty() {
        return ProxyConfig.empty();
    }

    /**
     * An ingress gateway's config at scale: {@code hosts} virtual hosts of {@code routesPerHost} routes each, a
     * cluster per route, filters on every third route, TLS on every fifth host's certificate.
     */
    static ProxyConfig large(int hosts, int routesPerHost) {
        List<VirtualHost> virtualHosts = new ArrayList<>();
        List<Cluster> clusters = new ArrayList<>();
        List<ServerCertificate> certificates = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            String domain = "app" + h + ".example.com";
            List<Route> routes = new ArrayList<>();
            for (int r = 0; r < routesPerHost; r++) {
                String cluster = "default/svc-" + h + "-" + r + ":8080";
                clusters.add(new Cluster(cluster, List.of(new Endpoint("10.1." + h % 250 + "." + r, 8080, 1),
                        new Endpoint("10.2." + h % 250 + "." + r, 8080, 2)), Cluster.LbPolicy.ROUND_ROBIN, r % 7 == 0,
                        ClusterTimeouts.DEFAULTS, null, Cluster.UpstreamProtocol.HTTP1, 0));
                List<FilterConfig> routeFilters = r % 3 == 0
                        ? List.of(new HeaderMutation(Map.of("x-route", "r" + r), Map.of(), List.of(), Map.of(),
                                Map.of("x-served-by", "meshgate"), List.of("server")), new Rewrite("^/p" + r + "/(.*)$", "/$1"))
                        : List.of();
                routes.add(new Route("ingress/app" + h + "/" + r,
                        new RouteMatch(PathMatch.prefix("/p" + r), r % 2 == 0 ? Set.of("GET", "HEAD") : Set.of(),
                                List.of()),
                        List.of(new WeightedCluster(cluster, 100)), routeFilters,
                        r % 4 == 0 ? Duration.ofSeconds(30) : null));
            }
            virtualHosts.add(new VirtualHost("ingress/app" + h, List.of(domain), routes));
            if (h % 5 == 0) {
                certificates.add(new ServerCertificate(List.of(domain), CERT, PrivateKeyPem.of(KEY), null));
            }
        }
        HttpListener https = new HttpListener("https", "0.0.0.0", 443, virtualHosts,
                certificates.isEmpty() ? null : new DownstreamTls(certificates, null), List.of(), null,
                HttpSettings.DEFAULTS);
        HttpListener http = HttpListener.plain("http", "0.0.0.0", 80, virtualHosts);
        return new ProxyConfig("large-" + hosts + "x" + routesPerHost, List.of(https, http), clusters);
    }
}
