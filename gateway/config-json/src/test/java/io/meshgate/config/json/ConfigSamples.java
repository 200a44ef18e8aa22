package io.meshgate.config.json;

import io.meshgate.config.ClientValidation;
import io.meshgate.config.Cluster;
import io.meshgate.config.ClusterTimeouts;
import io.meshgate.config.DownstreamTls;
import io.meshgate.config.Endpoint;
import io.meshgate.config.DirectResponse;
import io.meshgate.config.FilterConfig;
import io.meshgate.config.GlobalPassthrough;
import io.meshgate.config.HeaderMatch;
import io.meshgate.config.HeaderMutation;
import io.meshgate.config.HttpListener;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.PathMatch;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Redirect;
import io.meshgate.config.Rewrite;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.ServerCertificate;
import io.meshgate.config.SniPassthrough;
import io.meshgate.config.TcpListener;
import io.meshgate.config.UpstreamTls;
import io.meshgate.config.VirtualHost;
import io.meshgate.config.WeightedCluster;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Configs for the JSON and admin tests, built once with a real test PKI. */
public final class ConfigSamples {
    private ConfigSamples() {}

    static final X509Bundle CA;
    static final X509Bundle SERVER;
    static final X509Bundle CLIENT;

    static {
        try {
            CA = new CertificateBuilder().subject("CN=Test CA").setIsCertificateAuthority(true).ecp256()
                    .buildSelfSigned();
            SERVER = new CertificateBuilder().subject("CN=a.example").addSanDnsName("a.example").ecp256()
                    .buildIssuedBy(CA);
            CLIENT = new CertificateBuilder().subject("CN=gateway").ecp256().buildIssuedBy(CA);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One instance of every filter record that {@link FilterConfigTypes} knows. */
    /** {@link #everyFilter()} and the filters a route of {@link #everything()} does not carry. */
    public static List<FilterConfig> everyFilterType() {
        List<FilterConfig> all = new java.util.ArrayList<>(everyFilter());
        all.add(DirectResponse.FORBIDDEN);
        all.add(new io.meshgate.config.RetryPolicy(List.of("5xx", "409", "connect-failure", "reset"), 3,
                java.time.Duration.ofMillis(1500), java.time.Duration.ofMillis(40), 32 * 1024, 25, 4));
        return all;
    }

    public static List<FilterConfig> everyFilter() {
        return List.of(
                new HeaderMutation(Map.of("x-b", "2", "x-a", "1"), Map.of("x-added", "v"), List.of("x-drop"),
                        Map.of("server", "meshgate"), Map.of(), List.of("x-powered-by")),
                new Rewrite("^/api/(.*)$", "/v2/$1"),
                Redirect.toHttps(8443));
    }

    /** A config that uses every record type and most options with non-default values. */
    public static ProxyConfig everything() {
        ServerCertificate mtlsHost = new ServerCertificate(List.of("a.example", "*.a.example"),
                SERVER.getCertificatePathPEM(), PrivateKeyPem.of(SERVER.getPrivateKeyPEM()),
                new ClientValidation(CA.getCertificatePEM(), 2, true));
        ServerCertificate fallback = new ServerCertificate(List.of(), SERVER.getCertificatePEM(),
                PrivateKeyPem.of(SERVER.getPrivateKeyPEM()), null);
        DownstreamTls tls = new DownstreamTls(List.of(mtlsHost), fallback);

        RouteMatch match = new RouteMatch(PathMatch.regex("/api/[a-z]+"), Set.of("GET", "post", "DELETE"),
                List.of(new HeaderMatch("X-Canary", HeaderMatch.Type.EXACT, "yes"),
                        new HeaderMatch("x-user", HeaderMatch.Type.REGEX, "^u[0-9]+$"),
                        new HeaderMatch("x-debug", HeaderMatch.Type.PRESENT, null)));
        Route api = new Route("api", match, List.of(new WeightedCluster("web", 80), new WeightedCluster("secure", 20)),
                everyFilter(), Duration.ofMillis(2500));
        Route root = Route.to("root", RouteMatch.path(PathMatch.prefix("/")), "web");
        Route exact = Route.to("health", RouteMatch.path(PathMatch.exact("/healthz")), "web");
        VirtualHost vhost = new VirtualHost("a", List.of("a.example", "*.b.example"), List.of(api, exact));
        VirtualHost fallbackHost = new VirtualHost("default", List.of("*"), List.of(root));

        HttpSettings settings = new HttpSettings(4096, 16 * 1024, 1024 * 1024, Duration.ofSeconds(10),
                Duration.ofMinutes(2), true, 50, true, false);
        HttpListener https = new HttpListener("https", "127.0.0.1", 8443, List.of(vhost, fallbackHost), tls,
                List.of(new SniPassthrough(List.of("p.example", "*.pt.example"), "passthrough")),
                new GlobalPassthrough(443, List.of("*.Global.example")), settings);
        HttpListener http = HttpListener.plain("http", "0.0.0.0", 0, List.of(fallbackHost));
        TcpListener tcp = new TcpListener("mysql", "127.0.0.1", 13306, "db", Duration.ofMinutes(10));

        Cluster web = new Cluster("web", List.of(new Endpoint("10.0.0.1", 8080, 3), Endpoint.of("10.0.0.2", 8080)),
                Cluster.LbPolicy.HASHING, false, ClusterTimeouts.DEFAULTS, null, Cluster.UpstreamProtocol.HTTP1, 0)
                .withCircuitBreaker(new io.meshgate.config.CircuitBreaker(Duration.ofMinutes(1), 200,
                        Duration.ofMillis(200), 100, 0.1, 0, 0.25, Duration.ofSeconds(10), 503, "Service Unavailable!"))
                .withLimits(new io.meshgate.config.ConnectionLimits(100, 50, 10, 5, 3));
        Cluster secure = new Cluster("secure", List.of(Endpoint.of("backend.internal", 443)),
                Cluster.LbPolicy.LEAST_WORK, true,
                new ClusterTimeouts(Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofMinutes(5)),
                new UpstreamTls("backend.internal", true, CA.getCertificatePEM(), CLIENT.getCertificatePathPEM(),
                        PrivateKeyPem.of(CLIENT.getPrivateKeyPEM())),
                Cluster.UpstreamProtocol.HTTP2, 64);
        Cluster passthrough = Cluster.of("passthrough", List.of(Endpoint.of("10.0.0.9", 443)));
        Cluster db = Cluster.of("db", List.of(new Endpoint("10.0.0.5", 3306, 0)))
                .withTls(new UpstreamTls(null, false, null, null, null));

        return new ProxyConfig("v42-abc", List.of(https, http, tcp), List.of(web, secure, passthrough, db));
    }
}
