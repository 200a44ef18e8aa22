package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.meshgate.reconcile.distribution.ConfigBoard;
import io.meshgate.api.distribution.ProxySyncBoard;
import io.meshgate.api.distribution.ProxySyncState;
import io.meshgate.reconcile.distribution.PublishedConfig;
import io.meshgate.reconcile.Reconciler;
import io.meshgate.db.ConflictException;
import io.meshgate.db.ProxyRegistration;
import io.meshgate.db.ProxyStore;
import io.meshgate.db.Role;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/proxies}: admins register proxies (the token is shown once) and delete them,
 * viewers list their sync state (and, for sidecars, the workload and its certificate's expiry) and
 * read their admin pages ({@code {name}/admin/{page}}, {@link SidecarAdminRelay}); the per-proxy
 * channel ({@code {name}/config}, {@code {name}/status}) is served to that proxy's own token only,
 * since configs carry private keys.
 */
final class ProxyService implements EndpointsService {
    /** Longest long-poll a proxy may ask for; clients re-poll, so this only bounds idle connections. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final ProxyStore proxies;
    private final ConfigBoard board;
    private final ProxySyncBoard sync;
    private final Reconciler reconciler;
    private final SidecarFacts sidecars;
    private final SidecarAdminRelay admin;
    private final Endpoints endpoints;

    ProxyService(ProxyStore proxies, ConfigBoard board, ProxySyncBoard sync, Reconciler reconciler,
                 SidecarFacts sidecars, SidecarAdminRelay admin) {
        this(proxies, board, sync, reconciler, sidecars, admin, null);
    }

    /** @param egressRegistration {@code {name}/registration}; null = that path is a 404 */
    ProxyService(ProxyStore proxies, ConfigBoard board, ProxySyncBoard sync, Reconciler reconciler,
                 SidecarFacts sidecars, SidecarAdminRelay admin, EgressGatewayRegistration egressRegistration) {
        this.proxies = proxies;
        this.board = board;
        this.sync = sync;
        this.reconciler = reconciler;
        this.sidecars = sidecars;
        this.admin = admin;
        this.endpoints = Endpoints.builder()
                .path("/").post(this::register).get(this::list)
                .path("/{name}").get(this::describe).delete(this::delete)
                .path("/{name}/admin/{page}").get(this::admin)
                .path("/{name}/registration").post(egressRegistration == null ? Endpoints.NO_SUCH_PATH
                        : egressRegistration::register)
                .path("/{name}/config").get(channel(this::config)).otherMethods(channel(Endpoints.METHOD_NOT_ALLOWED))
                .path("/{name}/status").post(channel(this::status)).otherMethods(channel(Endpoints.METHOD_NOT_ALLOWED))
                .otherPaths(Endpoints.NO_SUCH_PATH)
                .build();
    }

    @Override
    public String mountPath() {
        return "/api/v1/proxies";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    /**
     * True for paths of the per-proxy channel, which authenticate with proxy tokens: the paths
     * {@code {name}/config} and {@code {name}/status} below this service, whatever the method.
     */
    static boolean isProxyChannel(List<String> segments) {
        return segments.size() == 5 && segments.get(0).equals("api") && segments.get(1).equals("v1")
                && segments.get(2).equals("proxies")
                && (segments.get(4).equals("config") || segments.get(4).equals("status"));
    }

    /**
     * A handler of the proxy channel: only for the proxy the path names (403 for another proxy's
     * token), and any request there, even one refused for its method, counts as that proxy's contact.
     */
    private ExchangeHandler channel(ExchangeHandler handler) {
        return ex -> {
            String name = ex.pathParam("name").orElseThrow();
            ProxyRegistration self = ex.proxy();
            if (!self.name().equals(name)) {
                throw new ApiException(403, "forbidden", "Forbidden",
                        "this token belongs to proxy '" + self.name() + "', not '" + name + "'", List.of());
            }
            sync.seen(name);
            handler.handle(ex);
        };
    }

    private void describe(Exchange ex) {
        ex.caller.require(Role.VIEWER);
        String name = ex.pathParam("name").orElseThrow();
        ProxyRegistration p = proxies.get(name)
                .orElseThrow(() -> ApiException.notFound("proxy '" + name + "' not found"));
        ex.sendJson(200, describe(p, sidecars.snapshot(List.of(p))));
    }

    /** One read-only page of the proxy's admin listener, as the listener prints it. */
    private void admin(Exchange ex) {
        ex.caller.require(Role.VIEWER);
        String name = ex.pathParam("name").orElseThrow();
        String pageName = ex.pathParam("page").orElseThrow();
        SidecarAdminRelay.Page page = SidecarAdminRelay.Page.of(pageName).orElseThrow(() -> ApiException.notFound(
                "no admin page '" + pageName + "'; pages: " + SidecarAdminRelay.Page.names()));
        ProxyRegistration p = proxies.get(name)
                .orElseThrow(() -> ApiException.notFound("proxy '" + name + "' not found"));
        SidecarAdminRelay.Answer answer = admin.fetch(p, page);
        ex.res.header(HeaderNames.CACHE_CONTROL, "no-store");
        ex.send(200, answer.contentType(), answer.body());
    }

    private void delete(Exchange ex) {
        ex.caller.require(Role.ADMIN);
        String name = ex.pathParam("name").orElseThrow();
        if (!proxies.delete(ex.caller.actor(), name)) {
            throw ApiException.notFound("proxy '" + name + "' not found");
        }
        reconciler.markDirty();
        ex.sendNoContent();
    }

    private void register(Exchange ex) {
        ex.caller.require(Role.ADMIN);
        JsonNode body = Jsons.read(ex.body());
        String name = ApiException.requiredText(body, "name");
        String kind = ApiException.requiredText(body, "kind");
        String token;
        try {
            token = proxies.register(ex.caller.actor(), name, kind);
        } catch (ConflictException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().startsWith("proxy kind") ? "kind" : "name";
            throw ApiException.invalid("invalid proxy", List.of(ApiException.Detail.of(field, e.getMessage())));
        }
        reconciler.markDirty();
        ObjectNode out = Jsons.MAPPER.createObjectNode();
        out.put("name", name);
        out.put("kind", kind);
        out.put("token", token);
        ex.sendJson(201, out);
    }

    private void list(Exchange ex) {
        ex.caller.require(Role.VIEWER);
        List<ProxyRegistration> all = proxies.list();
        Set<String> names = all.stream().map(ProxyRegistration::name).collect(Collectors.toSet());
        sync.retain(names);
        ObjectNode out = Jsons.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        SidecarFacts.Snapshot facts = sidecars.snapshot(all);
        all.forEach(p -> items.add(describe(p, facts)));
        ex.sendJson(200, out);
    }

    private ObjectNode describe(ProxyRegistration p, SidecarFacts.Snapshot facts) {
        ProxySyncState s = sync.state(p.name());
        PublishedConfig desired = board.current(p.name()).orElse(null);
        ObjectNode item = Jsons.MAPPER.createObjectNode();
        item.put("name", p.name());
        item.put("kind", p.kind());
        item.put("createdAt", p.createdAt().toString());
        item.put("lastSeen", s.lastSeen() == null ? null : s.lastSeen().toString());
        item.put("fetchedVersion", s.fetchedVersion());
        item.put("appliedVersion", s.appliedVersion());
        item.put("reportedVersion", s.reportedVersion());
        if (s.applied() == null) {
            item.putNull("applied");
        } else {
            item.put("applied", s.applied());
        }
        item.put("error", s.error());
        item.put("desiredVersion", desired == null ? null : desired.version());
        item.put("inSync", s.inSyncWith(desired));
        facts.describe(p, item);
        return item;
    }

    private void config(Exchange ex) {
        String name = ex.pathParam("name").orElseThrow();
        Duration wait = parseWait(ex.query("wait").orElse(""));
        String known = ex.header(HeaderNames.IF_NONE_MATCH).map(ProxyService::unquote).orElse(null);
        if (board.current(name).isEmpty()) {
            // registered behind the API's back (directly in the store, or by another replica):
            // the next pass builds its config
            reconciler.markDirty();
        }
        Optional<PublishedConfig> current;
        try {
            current = wait.isZero() ? board.current(name) : board.awaitChange(name, known == null ? "" : known, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", "Service Unavailable", "the server is stopping", List.of());
        }
        if (board.isClosed()) {
            // the server is stopping: make the proxy drop this keep-alive connection, so its next
            // attempt finds out at once whether a server is listening (rather than waiting on a dead socket)
            ex.res.header(HeaderNames.CONNECTION, "close");
            ex.res.header(HeaderNames.RETRY_AFTER, "1");
            throw new ApiException(503, "stopping", "Service Unavailable", "the server is stopping", List.of());
        }
        if (current.isEmpty()) {
            ex.res.header(HeaderNames.RETRY_AFTER, "1");
            throw new ApiException(503, "not-reconciled", "Service Unavailable",
                    "no config has been built for proxy '" + name + "' yet; retry shortly", List.of());
        }
        PublishedConfig c = current.get();
        ex.res.header(HeaderNames.ETAG, "\"" + c.version() + "\"");
        ex.res.header(HeaderNames.CACHE_CONTROL, "no-store");
        sync.fetched(name, c.version());
        if (known != null && io.meshgate.reconcile.distribution.ConfigVersion.contentOf(known).equals(c.contentHash())) {
            ex.res.status(304);
            ex.res.send();
            return;
        }
        ex.send(200, Exchange.JSON, c.json());
    }

    private void status(Exchange ex) {
        String name = ex.pathParam("name").orElseThrow();
        JsonNode body = Jsons.read(ex.body());
        String version = ApiException.requiredText(body, "version");
        JsonNode applied = body.get("applied");
        if (applied == null || !applied.isBoolean()) {
            throw ApiException.invalid("applied is required",
                    List.of(ApiException.Detail.of("applied", "Required value: true or false")));
        }
        JsonNode error = body.get("error");
        String why = error == null || error.isNull() ? null : error.asText();
        if (why != null && why.length() > 4096) {
            why = why.substring(0, 4096);
        }
        sync.reported(name, version, applied.booleanValue(), why);
        ex.sendNoContent();
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m} or plain seconds; capped at {@link #MAX_WAIT}. */
    static Duration parseWait(String value) {
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            Duration d;
            if (value.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            } else if (value.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            } else if (value.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(value));
            }
            if (d.isNegative()) {
                throw new NumberFormatException();
            }
            return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("wait must be a duration like 30s, 500ms or 1m");
        }
    }

    private static String unquote(String etag) {
        String v = etag.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

}
