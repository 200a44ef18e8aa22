package io.meshgate.proxy;

import io.meshgate.client.BlockingHttpClient;
import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.Kernel;
import io.meshgate.config.json.ParsedFragments;
import io.meshgate.config.json.ProxyConfigJson;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Keeps a kernel on its proxy's published config. One thread long-polls
 * {@code GET /api/v1/proxies/{name}/config} with {@code If-None-Match} = the version it runs
 * (so every request resumes where the last left off), applies what arrives with
 * {@link Kernel#apply}, saves it as the last good config and reports {@code applied=true}; a config
 * the kernel refuses is reported {@code applied=false} with the error while the old one keeps
 * serving. When the server is unreachable the kernel is untouched and the agent retries with
 * capped exponential backoff and jitter. Every request has a deadline (the long-poll: its wait plus
 * 15 s); the HTTP client is {@link BlockingHttpClient}, not the JDK's (memory, see its doc).
 */
public final class ConfigAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConfigAgent.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final AgentOptions options;
    private final Kernel kernel;
    private final UnaryOperator<ProxyConfig> local;
    private final LastGoodConfig lastGood;
    private final BlockingHttpClient http;
    /** The last config's virtual hosts and clusters by their text: a change among thousands binds only itself. */
    private final ParsedFragments fragments = new ParsedFragments();
    private final Thread thread;
    private volatile boolean closed;
    /** The newest version the kernel refused: not fetched again until a different one is published. */
    private volatile String refusedVersion;
    private volatile String refusedError;
    private volatile String lastError;

    public ConfigAgent(AgentOptions options, Kernel kernel) {
        this(options, kernel, UnaryOperator.identity());
    }

    /**
     * An agent that hands the kernel {@code local.apply(config)} for each published config: settings
     * only the process knows (a sidecar's {@code --hosts-file}). The last good config is saved as
     * published, so a restart with other local settings applies those instead.
     */
    public ConfigAgent(AgentOptions options, Kernel kernel, UnaryOperator<ProxyConfig> local) {
        this.options = options;
        this.kernel = kernel;
        this.local = Objects.requireNonNull(local, "local");
        this.lastGood = options.dataDir() == null ? null : new LastGoodConfig(options.dataDir());
        this.http = BlockingHttpClient.of(options.caFile(), Duration.ofSeconds(5));
        this.thread = Thread.ofVirtual().name("meshgate-config-agent-" + options.name()).unstarted(this::run);
    }

    /** Starts polling. */
    public ConfigAgent start() {
        thread.start();
        return this;
    }

    /** The version the kernel runs. */
    public String appliedVersion() {
        return kernel.config().version();
    }

    /** The last refusal or connection problem, null when the last exchange went well. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        boolean mustReport = true;
        while (!closed) {
            try {
                mustReport = pollOnce(mustReport);
                backoff = FIRST_BACKOFF;
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                lastError = e.toString();
                LOG.log(Level.DEBUG, "config server unreachable; the kernel keeps " + appliedVersion(), e);
                // a restarted server knows nothing of this proxy: tell it what runs once reconnected
                mustReport = true;
                if (!pause(backoff)) {
                    return;
                }
                backoff = next(backoff);
            }
        }
    }

    /** One long-poll; returns whether the running version still needs to be reported. */
    private boolean pollOnce(boolean mustReport) throws IOException, InterruptedException {
        if (mustReport) {
            // first contact (or a server that may have restarted and forgotten us): say what runs
            // now instead of waiting for the next config change to be asked
            if (refusedVersion == null) {
                report(appliedVersion(), true, null);
            } else {
                report(refusedVersion, false, refusedError);
            }
        }
        String known = refusedVersion != null ? refusedVersion : appliedVersion();
        BlockingHttpClient.Response response = http.send("GET", uri("config?wait=" + options.pollWait().toSeconds() + "s"),
                Map.of("Authorization", "Bearer " + options.token(), "If-None-Match", "\"" + known + "\""), null,
                options.pollWait().plusSeconds(15));
        switch (response.status()) {
            case 200 -> {
                applyAndReport(response.body());
                return false;
            }
            case 304 -> {
                if (refusedVersion == null) {
                    lastError = null;
                }
                return false;
            }
            default -> throw new IOException("config request answered " + response.status() + ": "
                    + abbreviate(response.body()));
        }
    }

    private void applyAndReport(String body) throws IOException, InterruptedException {
        ProxyConfig config;
        long started = System.nanoTime();
        try {
            config = ProxyConfigJson.read(body, fragments);
            long parsed = System.nanoTime();
            kernel.apply(local.apply(config));
            long applied = System.nanoTime();
            int reused = fragments.reusedByLastRead();
            LOG.log(Level.DEBUG, () -> String.format(java.util.Locale.ROOT,
                    "config %s (%d chars): parse %.1f ms (%d hosts and clusters as before), kernel apply %.1f ms",
                    config.version(), body.length(), (parsed - started) / 1e6, reused, (applied - parsed) / 1e6));
        } catch (RuntimeException e) {
            String version = versionOf(body);
            refusedVersion = version;
            refusedError = e.getMessage() == null ? e.toString() : e.getMessage();
            lastError = refusedError;
            LOG.log(Level.WARNING, "refused config " + version + "; still serving " + appliedVersion() + ": " + e.getMessage());
            report(version, false, refusedError);
            return;
        }
        refusedVersion = null;
        refusedError = null;
        lastError = null;
        if (lastGood != null) {
            try {
                lastGood.save(config);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "applied " + config.version() + " but could not save it for restarts", e);
            }
        }
        report(config.version(), true, null);
    }

    private void report(String version, boolean applied, String error) throws IOException, InterruptedException {
        StringBuilder json = new StringBuilder("{\"version\":").append(quote(version)).append(",\"applied\":").append(applied);
        if (error != null) {
            json.append(",\"error\":").append(quote(error));
        }
        json.append('}');
        BlockingHttpClient.Response response = http.send("POST", uri("status"),
                Map.of("Authorization", "Bearer " + options.token(), "Content-Type", "application/json"),
                json.toString(), Duration.ofSeconds(15));
        if (response.status() != 204) {
            throw new IOException("status report answered " + response.status() + ": " + abbreviate(response.body()));
        }
    }

    private URI uri(String leaf) {
        String base = options.server().toString().replaceAll("/+$", "");
        return URI.create(base + "/api/v1/proxies/" + URLEncoder.encode(options.name(), StandardCharsets.UTF_8) + "/" + leaf);
    }

    /** The version field of a config the kernel refused (it may not even parse); "unknown" if absent. */
    private static String versionOf(String body) {
        var m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]{1,200})\"").matcher(body);
        return m.find() ? m.group(1) : "unknown";
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : doubled;
    }

    /** Sleeps about {@code d} (plus up to 20% jitter, so many proxies do not reconnect in step); false when closed. */
    private boolean pause(Duration d) {
        long millis = d.toMillis() + ThreadLocalRandom.current().nextLong(d.toMillis() / 5 + 1);
        try {
            Thread.sleep(millis);
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
