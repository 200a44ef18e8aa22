package io.meshgate.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.meshgate.api.distribution.ProxySyncBoard;
import io.meshgate.api.reconcile.StoreSnapshotSource;
import io.meshgate.api.reconcile.StoreStatusSink;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.Reconciler;
import io.meshgate.reconcile.TranslatorRegistry;
import io.meshgate.reconcile.distribution.ConfigBoard;
import io.meshgate.ca.CertificateAuthority;
import io.meshgate.db.AuditEntry;
import io.meshgate.db.Role;
import io.meshgate.db.ConflictException;
import io.meshgate.db.Database;
import io.meshgate.db.RevisionExpiredException;
import io.meshgate.resources.KindRegistry;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceParseException;
import io.meshgate.resources.ResourceValidator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The admin API on a Helidon SE web server. Requests run on virtual threads, so the blocking
 * store calls are fine here. Start with {@link #start}, stop with {@link #close}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());
    private static final Set<String> WRITE_METHODS = Set.of("PUT", "PATCH", "POST", "DELETE");
    /** Largest request body: the resource codec limits one document to 5 MiB; a batch may hold several. */
    private static final long MAX_PAYLOAD = 32L * 1024 * 1024;
    /** A burst of writes (an apply of many documents is one commit, a script is many) costs one pass. */
    private static final Duration RECONCILE_DEBOUNCE = Duration.ofMillis(100);

    private final Database db;
    private final WebServer server;
    private final RevisionSignal signal;
    private final LongConsumer commitListener;
    private final String adminTokenLocation;
    private final BearerAuth auth;
    private final ResourceRoutes resources;
    private final ApplyRoute apply;
    private final AuditRoutes audit;
    private final TokenRoutes tokens;
    private final WatchRoute watch;
    private final DiscoveryRoute discovery;
    private final KindRegistry kinds;
    private final byte[] openapi;
    private final ApiMetrics metrics = new ApiMetrics();
    private final ConfigBoard configs = new ConfigBoard();
    private final Reconciler reconciler;
    private final ProxyRoutes proxies;
    private final ProxyAuth proxyAuth;
    private final CertificateAuthority ca;
    private final CertificateRoutes certificates;
    private final IngressGatewayCertificates ingressGatewayCertificates;

    private ApiServer(Database db, ApiServerOptions options, TranslatorRegistry translators, Clock clock) {
        this.db = db;
        this.kinds = KindRegistry.standard();
        ResourceCodec codec = new ResourceCodec();
        StoredBodies bodies = new StoredBodies(codec);
        ResourceWrites writes = new ResourceWrites(db.resources(), kinds, new ResourceValidator(kinds), codec, bodies,
                metrics::storeWrite);
        this.adminTokenLocation = Bootstrap.adminToken(db, options);
        Bootstrap.meshConfig(db, writes);
        this.auth = new BearerAuth(db.tokens());
        this.resources = new ResourceRoutes(db.resources(), codec, bodies, writes);
        this.apply = new ApplyRoute(codec, writes);
        this.audit = new AuditRoutes(db.audit(), writes);
        this.tokens = new TokenRoutes(db.tokens());
        this.signal = new RevisionSignal(db.resources().currentRevision());
        this.commitListener = signal::committed;
        db.resources().addCommitListener(commitListener);
        this.watch = new WatchRoute(db.events(), db.resources(), signal, kinds, bodies, options.watchHeartbeat());
        this.discovery = new DiscoveryRoute(kinds);
        this.openapi = loadOpenApi();
        StoreSnapshotSource snapshots = new StoreSnapshotSource(db.resources(), kinds.kindNames());
        this.reconciler = new Reconciler(snapshots,
                () -> db.proxies().list().stream().map(p -> new ProxyIdentity(p.name(), p.kind())).toList(),
                translators, configs, metrics, RECONCILE_DEBOUNCE, new StoreStatusSink(db.resources(), snapshots,
                new ReconcilerStatusWrite(writes, kinds), Clock.systemUTC())).start();
        this.proxies = new ProxyRoutes(db.proxies(), configs, new ProxySyncBoard(Clock.systemUTC()), reconciler);
        this.proxyAuth = new ProxyAuth(db.proxies(), db.tokens());
        this.ca = CertificateAuthority.loadOrCreate(caDirectory(options), clock);
        this.certificates = new CertificateRoutes(ca, db.resources());
        this.ingressGatewayCertificates = new IngressGatewayCertificates(db.resources(), writes, codec, ca, clock,
                IngressGatewayCertificates.CHECK_INTERVAL).start();
        this.server = WebServer.builder()
                .host(options.bindAddress())
                .port(options.port())
                .maxPayloadSize(MAX_PAYLOAD)
                .shutdownHook(false)
                .routing(this::routes)
                .build()
                .start();
    }

    /**
     * Bootstraps first-start state (admin token, default MeshConfig) and starts listening.
     * The caller keeps ownership of {@code db} and closes it after this server.
     */
    public static ApiServer start(Database db, ApiServerOptions options) {
        return start(db, options, TranslatorRegistry.standard());
    }

    /** Like {@link #start(Database, ApiServerOptions)} with the translators that build proxy configs. */
    public static ApiServer start(Database db, ApiServerOptions options, TranslatorRegistry translators) {
        return start(db, options, translators, Clock.systemUTC());
    }

    /** Like {@link #start(Database, ApiServerOptions, TranslatorRegistry)} with the clock certificates follow. */
    static ApiServer start(Database db, ApiServerOptions options, TranslatorRegistry translators, Clock clock) {
        return new ApiServer(db, options, translators, clock);
    }

    /** Where the mesh CA keeps {@code ca.crt} and {@code ca.key}: {@code <data dir>/ca}. */
    public static Path caDirectory(ApiServerOptions options) {
        return options.dataDir().resolve("ca");
    }

    /** The issuer of the MeshConfig's ingress gateway certificate (tests ask it to check now). */
    IngressGatewayCertificates ingressGatewayCertificates() {
        return ingressGatewayCertificates;
    }

    /** The reconcile loop (to wait for a revision in tests, or read translator statuses). */
    public Reconciler reconciler() {
        return reconciler;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.port();
    }

    /** Where the bootstrap admin token is: a file path, "MESHGATE_ADMIN_TOKEN", or a note. */
    public String adminTokenLocation() {
        return adminTokenLocation;
    }

    @Override
    public void close() {
        ingressGatewayCertificates.close();
        configs.close();
        reconciler.close();
        signal.close();
        db.resources().removeCommitListener(commitListener);
        server.stop();
    }

    private void routes(HttpRouting.Builder routing) {
        routing.get("/readyz", this::ready)
                .any(this::dispatch);
    }

    private void ready(ServerRequest req, ServerResponse res) {
        boolean up = db.ping();
        res.status(up ? 200 : 503);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain");
        res.send(up ? "ok\n" : "database unavailable\n");
    }

    private void dispatch(ServerRequest req, ServerResponse res) {
        long started = System.nanoTime();
        Exchange ex = new Exchange(req, res);
        try {
            handle(ex);
        } finally {
            metrics.request(ApiMetrics.routeOf(ex.segments), ex.method, res.status().code(), System.nanoTime() - started);
        }
    }

    private void handle(Exchange ex) {
        ServerRequest req = ex.req;
        try {
            if (ProxyRoutes.isProxyChannel(ex.segments)) {
                proxies.handleProxyChannel(ex, proxyAuth.authenticate(ex.header(HeaderNames.AUTHORIZATION).orElse(null)));
                return;
            }
            ex.caller = auth.authenticate(ex.header(HeaderNames.AUTHORIZATION).orElse(null), req.remotePeer().host());
            route(ex);
        } catch (ApiException e) {
            fail(ex, e);
        } catch (ResourceParseException e) {
            fail(ex, new ApiException(400, "malformed", "Bad Request", e.getMessage(),
                    List.of(new ApiException.Detail("", e.problem(), e.documentIndex(), e.line()))));
        } catch (ConflictException e) {
            fail(ex, ApiException.conflict(e.getMessage()));
        } catch (RevisionExpiredException e) {
            fail(ex, new ApiException(410, "expired", "Gone", e.getMessage(), List.of()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request " + ex.method + " " + ex.path() + " failed", e);
            fail(ex, new ApiException(500, "internal", "Internal Server Error",
                    "the server failed to handle this request; see its log", List.of()));
        }
    }

    private void route(Exchange ex) {
        List<String> s = ex.segments;
        if (s.size() == 1 && s.get(0).equals("metrics")) {
            ex.caller.require(Role.VIEWER);
            ex.send(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
            return;
        }
        if (s.size() == 1 && s.get(0).equals("openapi")) {
            if (!ex.method.equals("GET")) {
                throw ApiException.methodNotAllowed(ex.method);
            }
            ex.send(200, "application/yaml", new String(openapi, StandardCharsets.UTF_8));
            return;
        }
        if (s.size() == 2 && s.get(0).equals("api") && s.get(1).equals("v1")) {
            discovery.handle(ex);
            return;
        }
        if (s.size() < 3 || !s.get(0).equals("api") || !s.get(1).equals("v1")) {
            throw ApiException.notFound("no such path: " + ex.path());
        }
        List<String> rest = s.subList(2, s.size());
        switch (rest.get(0)) {
            case "apply" -> {
                if (rest.size() != 1) {
                    throw ApiException.notFound("no such path: " + ex.path());
                }
                apply.handle(ex);
            }
            case "audit" -> audit.handle(ex, rest.subList(1, rest.size()));
            case "tokens" -> tokens.handle(ex, rest.subList(1, rest.size()));
            case "proxies" -> proxies.handle(ex, rest.subList(1, rest.size()));
            case "watch" -> watch.handle(ex);
            case "ca" -> certificates.handleCa(ex, rest.subList(1, rest.size()));
            case "certificates" -> certificates.handleCertificates(ex, rest.subList(1, rest.size()));
            case "whoami" -> whoami(ex, rest);
            default -> resources.handle(ex, PathTarget.parse(rest, kinds));
        }
    }

    /** {@code GET /api/v1/whoami}: the caller's token name and role, so a client (the console) can adapt. */
    private static void whoami(Exchange ex, List<String> rest) {
        if (rest.size() != 1) {
            throw ApiException.notFound("no such path: " + ex.path());
        }
        if (!ex.method.equals("GET")) {
            throw ApiException.methodNotAllowed(ex.method);
        }
        ex.caller.require(Role.VIEWER);
        com.fasterxml.jackson.databind.node.ObjectNode body = Jsons.MAPPER.createObjectNode();
        body.put("name", ex.caller.actor().name());
        body.put("role", ex.caller.role().wireName());
        ex.sendJson(200, body);
    }

    private void fail(Exchange ex, ApiException e) {
        if (ex.res.isSent()) {
            return;
        }
        if (e.status() == 401) {
            ex.res.header(HeaderNames.WWW_AUTHENTICATE, BearerAuth.CHALLENGE);
        }
        recordRejected(ex, e);
        ex.send(e.status(), Problems.MEDIA_TYPE, Jsons.write(Problems.toJson(e, ex.path())));
    }

    /** Every refused write of an authenticated caller leaves an audit row (401s have no actor to record). */
    private void recordRejected(Exchange ex, ApiException e) {
        if (ex.caller == null || !WRITE_METHODS.contains(ex.method) || e.status() >= 500) {
            return;
        }
        String kind = null;
        String namespace = null;
        String name = null;
        try {
            PathTarget t = PathTarget.parse(ex.segments.subList(2, ex.segments.size()), kinds);
            kind = t.info().kind();
            namespace = t.namespace() == null ? null : t.storeNamespace();
            name = t.name();
        } catch (RuntimeException notAResourcePath) {
            // apply, audit or tokens: the message says what was refused
            if (ex.segments.size() == 3 && ex.segments.get(2).equals("certificates")) {
                kind = CertificateRoutes.AUDIT_KIND;
            }
        }
        String message = ex.method + " " + ex.path() + " -> " + e.status() + ": " + e.getMessage()
                + (e.errors().isEmpty() ? "" : " " + e.errors().stream()
                .map(d -> d.field() + ": " + d.message()).toList());
        try {
            db.audit().recordRejected(ex.caller.actor(), AuditEntry.rejected(kind, namespace, name, null, message));
        } catch (RuntimeException auditFailure) {
            LOG.log(Level.WARNING, "could not record a rejected write in the audit", auditFailure);
        }
    }

    private static byte[] loadOpenApi() {
        try (InputStream in = ApiServer.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
