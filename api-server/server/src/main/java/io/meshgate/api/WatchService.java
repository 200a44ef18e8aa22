package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.sse.SseSink;
import io.meshgate.db.ChangeEvent;
import io.meshgate.db.RevisionExpiredException;
import io.meshgate.db.Role;
import io.meshgate.resources.KindRegistry;
import io.meshgate.resources.ResourceParseException;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /api/v1/watch}: server-sent events ADDED / MODIFIED / DELETED with the resourceVersion
 * as event id. Resumes after {@code Last-Event-ID} (or {@code ?resourceVersion=}); without either
 * it starts at the current revision. Filters: {@code kind} (kind or plural), {@code namespace}.
 * Paths below {@code /api/v1/watch} answer as the watch itself: the API has always served them so.
 *
 * <p>It follows the mode's {@link WatchEvents}: the store's event log (ids are store revisions), or in
 * Kubernetes mode the changes the informers observe ({@link ObservedWatchEvents}, ids of this process).
 */
final class WatchService implements EndpointsService {
    private static final int BATCH = 500;

    private final WatchEvents events;
    private final RevisionSignal signal;
    private final KindRegistry kinds;
    private final StoredBodies bodies;
    private final Duration heartbeat;
    private final Endpoints endpoints;

    /** @param signal wakes the streams when {@code events} has a new event, and ends them when closed */
    WatchService(WatchEvents events, RevisionSignal signal, KindRegistry kinds, StoredBodies bodies,
                 Duration heartbeat) {
        this.events = events;
        this.signal = signal;
        this.kinds = kinds;
        this.bodies = bodies;
        this.heartbeat = heartbeat;
        this.endpoints = Endpoints.builder()
                .path("/").get(this::watch)
                .otherPaths(this::belowWatch)
                .build();
    }

    @Override
    public String mountPath() {
        return "/api/v1/watch";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    /** A path below {@code /api/v1/watch}: the watch for GET, 405 for other methods. */
    private void belowWatch(Exchange ex) {
        if (!ex.method.equals("GET")) {
            throw ApiException.methodNotAllowed(ex.method);
        }
        watch(ex);
    }

    private void watch(Exchange ex) {
        ex.caller.require(Role.VIEWER);
        String kind = ex.query("kind").filter(k -> !k.isEmpty()).map(k -> kinds.resolve(k)
                .orElseThrow(() -> ApiException.badRequest("unknown kind '" + k + "'")).kind()).orElse(null);
        String namespace = ex.query("namespace").filter(n -> !n.isEmpty()).orElse(null);
        long from = startRevision(ex);
        // read the first batch before committing to a 200 stream: an expired revision is a 410 problem
        List<ChangeEvent> first = read(from);
        boolean secrets = ex.caller.seesSecrets();
        SseSink sink = ex.res.sink(SseSink.TYPE);
        try {
            long seen = from;
            List<ChangeEvent> batch = first;
            while (!signal.closed()) {
                for (ChangeEvent e : batch) {
                    seen = e.resourceVersion();
                    if (matches(e, kind, namespace)) {
                        sink.emit(toSse(e, secrets));
                    }
                }
                if (batch.size() >= BATCH) {
                    batch = read(seen);
                    continue;
                }
                if (!signal.awaitAfter(seen, heartbeat)) {
                    // a comment line keeps proxies from timing out idle streams and detects gone clients
                    sink.emit(SseEvent.builder().comment("heartbeat").build());
                }
                batch = read(seen);
            }
        } catch (UncheckedIOException | IllegalStateException e) {
            // the client went away: nothing to answer
        } catch (ApiException e) {
            // the client fell behind the retained events while streaming: end the stream, it resumes and gets 410
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                sink.close();
            } catch (RuntimeException ignored) {
                // already closed by a disconnect
            }
        }
    }

    private long startRevision(Exchange ex) {
        String text = ex.header(Exchange.LAST_EVENT_ID).or(() -> ex.query("resourceVersion"))
                .filter(v -> !v.isBlank()).orElse(null);
        if (text == null) {
            return events.current();
        }
        try {
            long rv = Long.parseLong(text.trim());
            if (rv < 0) {
                throw new NumberFormatException();
            }
            return rv;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Last-Event-ID must be an event id this server sent");
        }
    }

    private List<ChangeEvent> read(long after) {
        try {
            return events.since(after, BATCH);
        } catch (RevisionExpiredException e) {
            throw new ApiException(410, "expired", "Gone", "resourceVersion " + after
                    + " " + events.relistAdvice(), List.of());
        }
    }

    private static boolean matches(ChangeEvent e, String kind, String namespace) {
        return (kind == null || kind.equals(e.kind())) && (namespace == null || namespace.equals(e.namespace()));
    }

    private SseEvent toSse(ChangeEvent e, boolean secrets) {
        ObjectNode data = Jsons.MAPPER.createObjectNode();
        data.put("type", e.type().name());
        data.set("object", object(e, secrets));
        return SseEvent.builder()
                .id(String.valueOf(e.resourceVersion()))
                .name(e.type().name())
                .data(Jsons.write(data))
                .build();
    }

    /** The event's object as a reader of this role sees it. */
    private ObjectNode object(ChangeEvent e, boolean secrets) {
        try {
            return Jsons.readStored(bodies.body(e.kind(), e.bodyJson(), secrets));
        } catch (ResourceParseException | IllegalArgumentException unreadable) {
            // a cluster object the model cannot read: without its credentials' redaction, only its metadata
            ObjectNode full = Jsons.readStored(e.bodyJson());
            ObjectNode kept = Jsons.MAPPER.createObjectNode();
            kept.set("apiVersion", full.get("apiVersion"));
            kept.set("kind", full.get("kind"));
            kept.set("metadata", full.get("metadata"));
            return kept;
        }
    }
}
