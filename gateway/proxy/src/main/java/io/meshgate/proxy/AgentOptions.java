package io.meshgate.proxy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ConfigAgent} reaches its config.
 *
 * @param server     the API base URL, e.g. {@code http://127.0.0.1:9091}
 * @param name       the registered proxy name
 * @param token      the proxy's token ({@code mgp_...})
 * @param dataDir    where the last good config is kept for a restart without the server; null = nowhere
 * @param pollWait   how long the server may hold one long-poll
 * @param maxBackoff longest pause between attempts while the server is unreachable
 * @param caFile     PEM CA certificate(s) to trust for an {@code https} server (the mesh CA's
 *                   {@code ca.crt}); null = the JDK's default trust store
 */
public record AgentOptions(URI server, String name, String token, Path dataDir, Duration pollWait,
                           Duration maxBackoff, Path caFile) {

    public AgentOptions {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(pollWait, "pollWait");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** 30 s long-polls, at most 10 s between reconnect attempts. */
    public static AgentOptions of(URI server, String name, String token, Path dataDir) {
        return new AgentOptions(server, name, token, dataDir, Duration.ofSeconds(30), Duration.ofSeconds(10), null);
    }

    public AgentOptions withMaxBackoff(Duration value) {
        return new AgentOptions(server, name, token, dataDir, pollWait, value, caFile);
    }

    public AgentOptions withCaFile(Path value) {
        return new AgentOptions(server, name, token, dataDir, pollWait, maxBackoff, value);
    }
}
