package io.meshgate.standalone;

import io.meshgate.kernel.warmup.ThrowawayCertificate;
import io.meshgate.kernel.warmup.WarmUpLoad;
import io.meshgate.kernel.warmup.WarmUpOrigin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The workload of {@code meshgate aot-train up}: the JVM that runs it writes the stack's AOT cache when it exits
 * ({@code -XX:AOTCacheOutput}, JDK 25: the classes it loaded and linked, JEP 483, and the method profiles C2 compiles
 * from, JEP 515). A cache is worth what its training ran, so this runs what {@code meshgate up} runs when users use
 * it: the whole {@link Standalone} stack (its own start-up warm-up included) on loopback ports and a throwaway data
 * directory, Ingresses applied and changed through the admin API over HTTP as the CLI does (a TLS host with its
 * Secret, a path rewrite), and traffic through the real gateway listeners, cleartext and TLS, kept-alive and a new
 * connection per request, to a loopback origin shaped like real upstreams ({@link WarmUpOrigin}, the client
 * {@link WarmUpLoad}). Measured (docs/benchmarks.md): a cache trained on the start-up warm-up alone left C2 most of
 * its work for the first seconds of real traffic; one trained on traffic through a real Ingress route did not.
 */
final class AotTraining {
    private static final System.Logger LOG = System.getLogger(AotTraining.class.getName());
    private static final Duration ROUND = Duration.ofSeconds(2);
    private static final Duration ROUTE_DEADLINE = Duration.ofSeconds(60);
    private static final int KEPT_ALIVE_CONNECTIONS = 64;
    private static final int CLOSING_CONNECTIONS = 16;

    /** What a training run did. */
    record Result(long requests, long failures, int configChanges) {
    }

    private final Duration load;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token = newToken();

    /**
     * @param env the environment the stack's options read as {@code meshgate up}'s do (MESHGATE_KERNEL_WARM_UP and
     *            the like); the training's own flags (loopback, free ports, a throwaway data directory and admin
     *            token, a plain-HTTP admin API) win over it
     */
    AotTraining(Duration load, Map<String, String> env) {
        this.load = load;
        this.env = env;
    }

    /** Starts the stack in {@code dataDir}, trains it for the load duration, stops it. */
    Result run(Path dataDir) throws IOException, InterruptedException, GeneralSecurityException {
        ThrowawayCertificate certificate = ThrowawayCertificate.generate();
        int api = freePort();
        int http = freePort();
        int https = freePort();
        StandaloneOptions options = StandaloneOptions.parse(new String[] {"--data-dir", dataDir.toString(),
                "--bind", "127.0.0.1", "--api-port", String.valueOf(api), "--http-port", String.valueOf(http),
                "--https-port", String.valueOf(https), "--kernel-admin-port", String.valueOf(freePort()),
                "--api-tls", "off"}, withToken(env));
        try (WarmUpOrigin origin = WarmUpOrigin.start(); Standalone stack = Standalone.start(options)) {
            URI apiUrl = stack.apiUrl();
            send(apiUrl, "PATCH", "/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config",
                    "application/merge-patch+json", "{\"spec\":{\"ingress\":{\"tls\":{\"enabled\":true}}}}");
            send(apiUrl, "POST", "/api/v1/apply", "application/json",
                    AotTrainingManifests.backend(origin.port(), certificate));
            send(apiUrl, "POST", "/api/v1/apply", "application/json", AotTrainingManifests.ingresses(0));
            awaitRoute(http);
            LOG.log(System.Logger.Level.INFO, "aot-train: the routes answer on 127.0.0.1, http {0,number,#}, https"
                    + " {1,number,#}; {2} s of traffic", http, https, load.toSeconds());
            return drive(apiUrl, http, https, certificate);
        }
    }

    /** Rounds of load; between rounds one Ingress changes, so each round also runs a translation and a config swap. */
    private Result drive(URI apiUrl, int http, int https, ThrowawayCertificate certificate)
            throws IOException, InterruptedException {
        int changes = 0;
        long deadline = System.nanoTime() + load.toNanos();
        try (WarmUpLoad traffic = WarmUpLoad.open(http, new WarmUpLoad.Tls(https, certificate))) {
            while (System.nanoTime() < deadline && traffic.failures() < WarmUpLoad.MAX_FAILURES) {
                traffic.startRound(KEPT_ALIVE_CONNECTIONS, CLOSING_CONNECTIONS);
                try {
                    Thread.sleep(Math.min(ROUND.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                    send(apiUrl, "POST", "/api/v1/apply", "application/json", AotTrainingManifests.ingresses(++changes));
                } finally {
                    traffic.endRound();
                }
                LOG.log(System.Logger.Level.INFO, "aot-train: {0} requests ({1} failed), {2} config changes",
                        traffic.completed(), traffic.failures(), changes);
            }
            return new Result(traffic.completed(), traffic.failures(), changes);
        }
    }

    /** Waits until the cleartext listener answers the catch-all Ingress route with a 200. */
    private void awaitRoute(int port) throws InterruptedException {
        long deadline = System.nanoTime() + ROUTE_DEADLINE.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(2)).build();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                last = "status " + status;
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the Ingress route on port " + port + " did not answer 200 within "
                + ROUTE_DEADLINE.toSeconds() + " s (" + last + ")");
    }

    /** One admin API call with the training's token; anything but a 2xx ends the training with the API's answer. */
    private void send(URI apiUrl, String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(apiUrl.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** The training's admin token: random, held in memory only, gone with the stack. */
    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private Map<String, String> withToken(Map<String, String> given) {
        Map<String, String> merged = new HashMap<>(given);
        merged.put("MESHGATE_ADMIN_TOKEN", token);
        return merged;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Deletes the training's throwaway data directory (its database, the throwaway admin token, the mesh CA). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
