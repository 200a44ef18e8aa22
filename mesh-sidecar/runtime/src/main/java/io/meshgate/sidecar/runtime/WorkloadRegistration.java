package io.meshgate.sidecar.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.meshgate.client.BlockingHttpClient;
import io.meshgate.client.StrictJsonObject;
import io.meshgate.proxy.BearerTokenSource;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The sidecar's side of {@code /api/v1/workloads}: {@link #register} upserts the workload's Pod and
 * gets the proxy name and token to follow the config with; {@link #deregister} takes the Pod away when
 * the sidecar stops, so its endpoints leave the mesh before its listeners close. Both carry the
 * sidecar token, which the control plane accepts only for this workload's namespace and service account.
 */
public final class WorkloadRegistration implements AutoCloseable {
    /** The admin port the control plane assumes unless the registration names another (FSM's). */
    public static final int DEFAULT_ADMIN_PORT = 15000;

    private static final System.Logger LOG = System.getLogger(WorkloadRegistration.class.getName());
    /** jackson-core's generator only: jackson-databind would cost the sidecar ~1,100 classes (README "Memory"). */
    private static final JsonFactory JSON = new JsonFactory();
    /** The longest a 429's Retry-After is honoured; a longer one is read as this. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private final URI server;
    private final BearerTokenSource token;
    private final RetryPolicy retry;
    private final BlockingHttpClient http;

    /**
     * @param caFile the mesh CA for an {@code https} server; null = the JDK's trust store
     * @throws IllegalArgumentException or {@link java.io.UncheckedIOException} for an unusable CA file
     */
    public WorkloadRegistration(URI server, String token, Path caFile, RetryPolicy retry) {
        this(server, BearerTokenSource.of(token), caFile, retry);
    }

    /**
     * Like {@link #WorkloadRegistration(URI, String, Path, RetryPolicy)} with a token read anew for every
     * request (a token file the kubelet rotates).
     */
    public WorkloadRegistration(URI server, BearerTokenSource token, Path caFile, RetryPolicy retry) {
        this.server = server;
        this.token = token;
        this.retry = retry;
        this.http = BlockingHttpClient.of(caFile, retry.perTry());
    }

    /**
     * Registers {@code workload}, asking again after connection failures, 5xx and 429 answers until the
     * control plane accepts it.
     *
     * @throws RegistrationRefusedException on any other 4xx (with the server's message), or an answer without proxy and token
     * @throws InterruptedException         when the thread is interrupted (the sidecar is stopping)
     */
    public Registration register(WorkloadIdentity workload) throws RegistrationRefusedException, InterruptedException {
        return register(workload, DEFAULT_ADMIN_PORT);
    }

    /**
     * Like {@link #register(WorkloadIdentity)}, telling the control plane where this sidecar's admin
     * listener is on the pod IP when it is not on {@value #DEFAULT_ADMIN_PORT} (the control plane
     * reads it there for {@code GET /api/v1/proxies/{name}/admin/...}).
     */
    public Registration register(WorkloadIdentity workload, int adminPort) throws RegistrationRefusedException, InterruptedException {
        String body = body(workload, adminPort);
        Duration pause = retry.firstPause();
        int attempt = 0;
        while (true) {
            attempt++;
            Duration wait = pause;
            // each attempt reads the token again: a token file may have been rotated since the last one
            Map<String, String> headers = Map.of("Authorization", "Bearer " + currentToken(),
                    "Content-Type", "application/json", "Accept", "application/json");
            try {
                BlockingHttpClient.Response response = http.send("POST", uri("/api/v1/workloads"), headers, body, retry.perTry());
                int status = response.status();
                if (status == 200 || status == 201) {
                    Registration registration = parse(response.body());
                    LOG.log(Level.INFO, "registered " + workload.namespace() + "/" + workload.name() + " as proxy "
                            + registration.proxy() + (attempt > 1 ? " after " + attempt + " attempts" : ""));
                    return registration;
                }
                if (status >= 400 && status < 500 && status != 429) {
                    throw new RegistrationRefusedException(status, "the control plane refused the registration of "
                            + workload.namespace() + "/" + workload.name() + " (" + status + "): " + message(response.body()));
                }
                if (status == 429) {
                    OptionalLong after = response.headerAsLong("Retry-After");
                    if (after.isPresent() && after.getAsLong() > 0) {
                        Duration asked = Duration.ofSeconds(Math.min(after.getAsLong(), MAX_RETRY_AFTER.toSeconds()));
                        wait = asked.compareTo(pause) > 0 ? asked : pause;
                    }
                }
                log(attempt, "registration answered " + status + ": " + message(response.body()), wait);
            } catch (IOException e) {
                log(attempt, "control plane " + server + " unreachable: " + e, wait);
            }
            Thread.sleep(RetryPolicy.withJitter(wait));
            pause = retry.next(pause);
        }
    }

    /** The token to send now; a token file that cannot be read stops the registration with its reason. */
    private String currentToken() throws RegistrationRefusedException {
        try {
            return token.current();
        } catch (IllegalStateException e) {
            throw new RegistrationRefusedException(0, "cannot register: " + e.getMessage());
        }
    }

    /**
     * Best effort, within {@code deadline}: {@code DELETE /api/v1/workloads/{namespace}/{name}}.
     *
     * @return whether the control plane confirmed it (2xx, or 404: nothing was registered)
     */
    public boolean deregister(WorkloadIdentity workload, Duration deadline) {
        String bearer;
        try {
            bearer = token.current();
        } catch (IllegalStateException e) {
            LOG.log(Level.WARNING, "cannot deregister " + workload.namespace() + "/" + workload.name() + ": "
                    + e.getMessage());
            return false;
        }
        try {
            BlockingHttpClient.Response response = http.send("DELETE",
                    uri("/api/v1/workloads/" + workload.namespace() + "/" + workload.name()),
                    Map.of("Authorization", "Bearer " + bearer), null, deadline);
            int status = response.status();
            if (status / 100 == 2 || status == 404) {
                LOG.log(Level.INFO, "deregistered " + workload.namespace() + "/" + workload.name());
                return true;
            }
            LOG.log(Level.WARNING, "deregistration of " + workload.namespace() + "/" + workload.name() + " answered "
                    + status + ": " + message(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "deregistration interrupted");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not deregister " + workload.namespace() + "/" + workload.name()
                    + " within " + deadline.toMillis() + " ms: " + e);
        }
        return false;
    }

    /** Nothing to release: every request has its own connection, closed with its answer. */
    @Override
    public void close() {
    }

    /**
     * The request body the contract names: namespace, name, serviceAccount, podIP, labels; and
     * adminPort when the admin listener is on another port than the default (left out otherwise,
     * so the body is the contract's own).
     */
    static String body(WorkloadIdentity workload, int adminPort) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("namespace", workload.namespace());
            json.writeStringField("name", workload.name());
            json.writeStringField("serviceAccount", workload.serviceAccount());
            json.writeStringField("podIP", workload.podIp());
            json.writeObjectFieldStart("labels");
            // sorted, so the same workload always sends the same body
            for (Map.Entry<String, String> label : new TreeMap<>(workload.labels()).entrySet()) {
                json.writeStringField(label.getKey(), label.getValue());
            }
            json.writeEndObject();
            if (adminPort > 0 && adminPort != DEFAULT_ADMIN_PORT) {
                json.writeNumberField("adminPort", adminPort);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string", e); // a StringWriter never fails
        }
        return out.toString();
    }

    /** The answer's proxy and token: a JSON object whose {@code proxy} and {@code token} are non-blank strings. */
    static Registration parse(String body) throws RegistrationRefusedException {
        StrictJsonObject answer;
        try {
            answer = StrictJsonObject.parse(body);
        } catch (IllegalArgumentException e) {
            throw new RegistrationRefusedException(0, "the control plane's answer to the registration is "
                    + e.getMessage() + ": " + message(body));
        }
        String proxy;
        String proxyToken;
        try {
            proxy = answer.string("proxy").orElse("");
            proxyToken = answer.string("token").orElse("");
        } catch (IllegalArgumentException e) {
            // the message names the field, never its value (a token)
            throw new RegistrationRefusedException(0, "the control plane's answer to the registration is unusable: "
                    + e.getMessage());
        }
        if (proxy.isBlank() || proxyToken.isBlank()) {
            throw new RegistrationRefusedException(0, "the control plane accepted the registration but its answer has no "
                    + "proxy and token: " + message(body));
        }
        return new Registration(proxy, proxyToken);
    }

    /** The {@code detail} (else {@code title}) of a problem+json answer, else the body, on one short line. */
    static String message(String body) {
        if (body == null) {
            return "";
        }
        try {
            StrictJsonObject problem = StrictJsonObject.parse(body);
            Optional<String> text = problem.string("detail").filter(t -> !t.isBlank())
                    .or(() -> problem.string("title").filter(t -> !t.isBlank()));
            if (text.isPresent()) {
                return abbreviate(text.get());
            }
        } catch (IllegalArgumentException e) {
            // not a problem document (or a detail that is not text): the body as it is
        }
        return abbreviate(body);
    }

    private void log(int attempt, String what, Duration wait) {
        // the first failure is news; then one line every 10 tries while it lasts
        Level level = attempt == 1 || attempt % 10 == 0 ? Level.WARNING : Level.DEBUG;
        LOG.log(level, what + "; asking again in " + wait.toMillis() + " ms (attempt " + attempt + ")");
    }

    private URI uri(String path) {
        return URI.create(server.toString().replaceAll("/+$", "") + path);
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replace('\n', ' ').strip();
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }
}
