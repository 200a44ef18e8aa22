package io.meshgate.egress.runtime;

import io.meshgate.client.BlockingHttpClient;
import io.meshgate.client.StrictJsonObject;
import io.meshgate.proxy.BearerTokenSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * On Kubernetes the egress gateway starts with its pod's projected service-account token, not a proxy
 * token: {@code POST /api/v1/proxies/{name}/registration} with that token as bearer registers the proxy
 * (kind {@code egress}) or rotates its token, and answers the proxy token the config channel needs. The
 * token file is read again for every attempt (the kubelet rotates it). Connection failures, 5xx and 429
 * are tried again with a doubling pause, {@link #attempts} times at most; any other 4xx stops at once
 * with the control plane's reason (a wrong service account or proxy name will not heal by waiting).
 */
final class ProxyTokenExchange implements AutoCloseable {
    /** How many attempts before giving up (about two minutes with the default pauses). */
    static final int DEFAULT_ATTEMPTS = 8;
    static final Duration DEFAULT_FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    private static final Duration PER_TRY = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(ProxyTokenExchange.class.getName());

    /** The exchange failed for good; the message says why. */
    static final class ExchangeFailedException extends Exception {
        ExchangeFailedException(String message) {
            super(message);
        }
    }

    private final URI server;
    private final BearerTokenSource serviceAccountToken;
    private final int attempts;
    private final Duration firstPause;
    private final BlockingHttpClient http;

    /**
     * @param caFile the mesh CA for an {@code https} server; null = the JDK's trust store
     * @throws IllegalArgumentException or {@link java.io.UncheckedIOException} for an unusable CA file
     */
    ProxyTokenExchange(URI server, BearerTokenSource serviceAccountToken, Path caFile, int attempts, Duration firstPause) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        this.server = server;
        this.serviceAccountToken = serviceAccountToken;
        this.attempts = attempts;
        this.firstPause = firstPause;
        // the proxy runtime's own small client (no java.net.http in a proxy process: its classes and threads)
        this.http = BlockingHttpClient.of(caFile, PER_TRY);
    }

    /**
     * @return the proxy token of {@code proxyName}
     * @throws ExchangeFailedException when refused (4xx other than 429), when the token file cannot be read,
     *                                 or after the last attempt
     * @throws InterruptedException    when the thread is interrupted (the gateway is stopping)
     */
    String exchange(String proxyName) throws ExchangeFailedException, InterruptedException {
        URI uri = server.resolve("/api/v1/proxies/" + URLEncoder.encode(proxyName, StandardCharsets.UTF_8)
                + "/registration");
        Duration pause = firstPause;
        String last = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            String bearer;
            try {
                bearer = serviceAccountToken.current();
            } catch (IllegalStateException e) {
                throw new ExchangeFailedException("cannot exchange the service-account token for proxy " + proxyName
                        + "'s token: " + e.getMessage());
            }
            try {
                BlockingHttpClient.Response response = http.send("POST", uri,
                        Map.of("Authorization", "Bearer " + bearer, "Accept", "application/json"), "", PER_TRY);
                int status = response.status();
                if (status == 200 || status == 201) {
                    String token = token(response.body());
                    LOG.log(Level.INFO, "exchanged the service-account token for proxy " + proxyName + "'s token"
                            + (attempt > 1 ? " after " + attempt + " attempts" : ""));
                    return token;
                }
                if (status >= 400 && status < 500 && status != 429) {
                    throw new ExchangeFailedException("the control plane refused the service-account token for proxy "
                            + proxyName + " (" + status + "): " + detail(response.body()));
                }
                last = "answered " + status + ": " + detail(response.body());
            } catch (IOException e) {
                last = "control plane " + server + " unreachable: " + e;
            }
            if (attempt < attempts) {
                LOG.log(Level.WARNING, "token exchange attempt " + attempt + " of " + attempts + " " + last
                        + "; trying again in " + pause.toMillis() + " ms");
                Thread.sleep(pause);
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
        throw new ExchangeFailedException("gave up exchanging the service-account token for proxy " + proxyName
                + "'s token after " + attempts + " attempts; the last " + last);
    }

    /** Nothing to release: each request has its own connection. */
    @Override
    public void close() {
    }

    /** The answer's token: a JSON object (read strictly, no jackson-databind in a proxy) whose {@code token} is a non-blank string. */
    static String token(String body) throws ExchangeFailedException {
        StrictJsonObject answer;
        try {
            answer = StrictJsonObject.parse(body);
        } catch (IllegalArgumentException e) {
            // what is wrong and where: not JSON, not one object, a field twice, too large
            throw new ExchangeFailedException("the control plane's answer is " + e.getMessage());
        }
        String token;
        try {
            token = answer.string("token").orElse("");
        } catch (IllegalArgumentException e) {
            // names the field and its type, never its value
            throw new ExchangeFailedException("the control plane's answer is unusable: " + e.getMessage());
        }
        if (token.isBlank()) {
            throw new ExchangeFailedException("the control plane accepted the service-account token but its"
                    + " answer has no token");
        }
        return token;
    }

    /** The problem's detail, else the body (cut short); never a token (the refusals carry none). */
    static String detail(String body) {
        try {
            Optional<String> detail = StrictJsonObject.parse(body).string("detail");
            if (detail.isPresent()) {
                return detail.get();
            }
        } catch (IllegalArgumentException e) {
            // not a problem document (or a detail that is not text): the body itself
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
