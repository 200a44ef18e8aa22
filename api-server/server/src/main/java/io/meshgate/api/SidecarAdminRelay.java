package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.client.SidecarAdminSecret;
import io.meshgate.db.ProxyRegistration;
import io.meshgate.db.ProxyStore;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.Pods;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * What {@code GET /api/v1/proxies/{name}/admin/{page}} fetches: a read-only page of a proxy's kernel
 * admin listener, FSM's {@code fsm proxy get} without a port-forward. A sidecar's admin is reached on
 * its Pod's {@code status.podIP} and the port its registration named ({@value #ADMIN_PORT_ANNOTATION},
 * else {@value #DEFAULT_ADMIN_PORT}), with the bearer secret derived from its token
 * ({@link SidecarAdminSecret}); a proxy running in this process (the standalone stack's ingress
 * gateway) at the address it was {@linkplain #serveInProcess registered} with. Deadlines: 2 s to
 * connect, 5 s in all, at most {@value #MAX_BODY} bytes. Called on the request's virtual thread.
 */
final class SidecarAdminRelay implements AutoCloseable {
    /** The sidecar's admin port unless its registration says otherwise (FSM's 15000). */
    static final int DEFAULT_ADMIN_PORT = 15000;
    /** Pod annotation holding a sidecar's admin port when it is not the default. */
    static final String ADMIN_PORT_ANNOTATION = "meshgate.io/sidecar-admin-port";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(5);
    /** A config dump of thousands of Services stays well under this. */
    static final int MAX_BODY = 32 * 1024 * 1024;
    /** Problem type of a proxy whose admin listener could not be read. */
    static final String UNREACHABLE = "proxy-admin-unreachable";

    private static final System.Logger LOG = System.getLogger(SidecarAdminRelay.class.getName());

    /** The pages a caller may ask for, by the name FSM's {@code fsm proxy get} takes. */
    enum Page {
        STATS("stats", "/stats"),
        CONFIG_DUMP("config_dump", "/config_dump"),
        CLUSTERS("clusters", "/clusters"),
        LISTENERS("listeners", "/listeners"),
        CERTS("certs", "/certs"),
        READY("ready", "/ready");

        final String wireName;
        final String adminPath;

        Page(String wireName, String adminPath) {
            this.wireName = wireName;
            this.adminPath = adminPath;
        }

        static Optional<Page> of(String name) {
            return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
        }

        static String names() {
            return Arrays.stream(values()).map(p -> p.wireName).collect(Collectors.joining(", "));
        }
    }

    /** The admin listener's answer, relayed as it is. */
    record Answer(String contentType, String body) {}

    private final ResourceStore resources;
    private final ProxyStore proxies;
    private final HttpClient http;
    private final Map<String, URI> inProcess = new ConcurrentHashMap<>();

    SidecarAdminRelay(ResourceStore resources, ProxyStore proxies) {
        this.resources = resources;
        this.proxies = proxies;
        // plain HTTP/1.1 to the pod network, no proxy selector, no redirects
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Serves proxy {@code name}'s admin pages from {@code adminBase} (e.g. {@code http://127.0.0.1:15000}):
     * a kernel in this process, whose admin needs no credential from here.
     */
    void serveInProcess(String name, URI adminBase) {
        inProcess.put(name, adminBase);
    }

    /** True for the proxies whose admin this server reads: sidecars, and proxies in this process. */
    boolean reads(ProxyRegistration proxy) {
        return inProcess.containsKey(proxy.name()) || proxy.kind().equals(WorkloadService.PROXY_KIND);
    }

    /**
     * @throws ApiException 409 for a proxy whose admin this server cannot reach (not a sidecar, not in
     *                      process), 502 {@value #UNREACHABLE} when its admin does not answer in time,
     *                      answers other than 200, or carries a private key
     */
    Answer fetch(ProxyRegistration proxy, Page page) {
        URI local = inProcess.get(proxy.name());
        if (local != null) {
            return get(proxy, local.resolve(page.adminPath), null);
        }
        if (!proxy.kind().equals(WorkloadService.PROXY_KIND)) {
            throw ApiException.conflict("proxy '" + proxy.name() + "' is of kind " + proxy.kind()
                    + ": its admin listener is read on its own host (the admin pages are relayed for sidecars and"
                    + " for the ingress gateway of the standalone stack)");
        }
        SidecarName sidecar = SidecarName.parse(proxy.name()).orElseThrow(() -> unreachable(proxy,
                "its name is not sidecar.<namespace>.<pod>"));
        JsonNode pod = resources.get("Pod", sidecar.namespace(), sidecar.pod())
                .map(StoredObject::bodyJson).map(Jsons::readStored)
                .orElseThrow(() -> unreachable(proxy, "its Pod " + sidecar.namespace() + "/" + sidecar.pod()
                        + " is not registered"));
        String ip = Pods.podIpOf(pod);
        if (ip == null) {
            throw unreachable(proxy, "its Pod " + sidecar.namespace() + "/" + sidecar.pod() + " has no status.podIP");
        }
        String secret = proxies.tokenHash(proxy.name())
                .map(hash -> SidecarAdminSecret.fromTokenHash(proxy.name(), hash))
                .orElseThrow(() -> ApiException.notFound("proxy '" + proxy.name() + "' not found"));
        URI uri = URI.create("http://" + (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + adminPort(pod)
                + page.adminPath);
        return get(proxy, uri, secret);
    }

    private Answer get(ProxyRegistration proxy, URI uri, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TOTAL_TIMEOUT).GET();
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request.build(), info -> new CappedBody(MAX_BODY));
        HttpResponse<byte[]> response;
        try {
            // the request timeout ends at the response head; this bounds the body too
            response = pending.get(TOTAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw unreachable(proxy, uri + " did not answer within " + TOTAL_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", "Service Unavailable", "the server is stopping", List.of());
        } catch (ExecutionException e) {
            throw unreachable(proxy, uri + ": " + describe(e.getCause()));
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            throw unreachable(proxy, uri + " answered " + response.statusCode() + ": " + firstLine(body));
        }
        // the kernel redacts keys; a proxy that does not (an old or a tampered one) is not relayed to viewers
        if (body.contains("PRIVATE KEY-----")) {
            LOG.log(Level.WARNING, "proxy " + proxy.name() + " served a private key on " + uri.getPath()
                    + "; not relayed");
            throw unreachable(proxy, uri.getPath() + " carried a private key; refused to relay it");
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("text/plain; charset=utf-8");
        return new Answer(contentType, body);
    }

    /** Stops the client; relays in progress fail. */
    @Override
    public void close() {
        http.shutdownNow();
    }

    private static int adminPort(JsonNode pod) {
        String value = pod.path("metadata").path("annotations").path(ADMIN_PORT_ANNOTATION).asText("");
        try {
            int port = Integer.parseInt(value);
            return port >= 1 && port <= 65535 ? port : DEFAULT_ADMIN_PORT;
        } catch (NumberFormatException e) {
            return DEFAULT_ADMIN_PORT;
        }
    }

    private static ApiException unreachable(ProxyRegistration proxy, String why) {
        return new ApiException(502, UNREACHABLE, "Bad Gateway",
                "cannot read the admin listener of proxy '" + proxy.name() + "': " + why, List.of());
    }

    private static String describe(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            // the request's own timeout, equal to the wait for the whole answer: whichever ends first says the same
            return "did not answer within " + TOTAL_TIMEOUT.toSeconds() + " s";
        }
        if (cause instanceof ConnectException) {
            return "connection refused (is the sidecar running, and its admin listener bound beyond loopback?)";
        }
        if (cause instanceof CappedBody.TooLarge) {
            return "the answer is larger than " + MAX_BODY / (1024 * 1024) + " MiB";
        }
        if (cause instanceof IOException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return cause == null ? "failed" : cause.getClass().getSimpleName();
    }

    private static String firstLine(String body) {
        String line = body.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** {@code sidecar.<namespace>.<pod>}: namespaces have no dots, Pod names may. */
    record SidecarName(String namespace, String pod) {
        static Optional<SidecarName> parse(String proxyName) {
            String prefix = WorkloadRequest.PROXY_PREFIX;
            if (!proxyName.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return Optional.empty();
            }
            String rest = proxyName.substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(new SidecarName(rest.substring(0, dot), rest.substring(dot + 1)));
        }
    }
}
