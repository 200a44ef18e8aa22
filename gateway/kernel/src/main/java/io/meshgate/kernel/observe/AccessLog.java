package io.meshgate.kernel.observe;

import java.lang.System.Logger.Level;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The structured access log: one JSON object per line and per finished exchange, with fixed keys
 * in a fixed order (every key is always present; unknown values are {@code null}):
 *
 * <pre>{@code
 * {"start_time":"2026-01-02T03:04:05.678Z","listener":"http","route":"r1","cluster":"c1",
 *  "upstream_host":"10.0.0.7:8080","client_address":"/127.0.0.1:51234","method":"GET",
 *  "authority":"example.com","path":"/a?b=c","protocol":"HTTP/1.1","status":200,
 *  "bytes_received":0,"bytes_sent":512,"duration_ms":3,"upstream_time_ms":2,
 *  "user_agent":"curl/8.5","request_id":"4f1c...","response_flags":"-"}
 * }</pre>
 *
 * The JSON is built by hand in one {@link StringBuilder} because it runs once per request on the
 * event loop. The sink must not block; {@link #toSystemLogger()} and {@link #async} put a bounded
 * queue and a writer thread in front of a blocking one.
 */
public final class AccessLog implements AutoCloseable {
    /** Name of the {@link System.Logger} the default access log writes to. */
    public static final String LOGGER_NAME = "meshgate.access";

    private static final int QUEUE_CAPACITY = 16_384;
    private static final DateTimeFormatter START_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Consumer<String> sink;
    private final AsyncLineWriter writer;
    private final AtomicLong sinkFailures = new AtomicLong();

    /** Writes each line to {@code sink} on the calling thread; the sink must be fast and non-blocking. */
    public AccessLog(Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.writer = null;
    }

    /** The default access log: INFO records on the {@link System.Logger} {@value #LOGGER_NAME}. */
    public AccessLog() {
        this(systemLoggerWriter());
    }

    private AccessLog(AsyncLineWriter writer) {
        this.sink = writer;
        this.writer = writer;
    }

    /** The default access log: INFO records on the {@link System.Logger} {@value #LOGGER_NAME}, written off the event loop. */
    public static AccessLog toSystemLogger() {
        return new AccessLog();
    }

    /** Writes to a sink that may block (a file, a pipe) from a dedicated thread behind a bounded queue. */
    public static AccessLog async(Consumer<String> blockingSink) {
        return new AccessLog(new AsyncLineWriter("meshgate-access-log", QUEUE_CAPACITY, blockingSink));
    }

    /** An access log that writes nothing; {@link #enabled()} is false so callers can skip building entries. */
    public static AccessLog disabled() {
        return new AccessLog((AsyncLineWriter) null);
    }

    private static AsyncLineWriter systemLoggerWriter() {
        System.Logger logger = System.getLogger(LOGGER_NAME);
        return new AsyncLineWriter("meshgate-access-log", QUEUE_CAPACITY, line -> logger.log(Level.INFO, line));
    }

    /** False for {@link #disabled()}: the caller need not build an entry at all. */
    public boolean enabled() {
        return sink != null;
    }

    /** Writes one line for {@code entry}. Never throws: a failing sink costs the line, not the request. */
    public void log(AccessLogEntry entry) {
        if (sink == null) {
            return;
        }
        String line = format(entry);
        try {
            sink.accept(line);
        } catch (RuntimeException e) {
            sinkFailures.incrementAndGet();
        }
    }

    /** Lines lost so far: the queue was full, or the sink threw. */
    public long dropped() {
        return sinkFailures.get() + (writer == null ? 0 : writer.dropped());
    }

    /** The JSON line for {@code e} (no trailing newline). */
    public static String format(AccessLogEntry e) {
        StringBuilder out = new StringBuilder(512);
        out.append("{\"start_time\":");
        if (e.startTime() == null) {
            out.append("null");
        } else {
            out.append('"');
            START_TIME.formatTo(e.startTime(), out);
            out.append('"');
        }
        text(out, "listener", e.listener());
        text(out, "route", e.route());
        text(out, "cluster", e.cluster());
        text(out, "upstream_host", e.upstreamHost());
        text(out, "client_address", e.clientAddress());
        text(out, "method", e.method());
        text(out, "authority", e.authority());
        text(out, "path", e.path());
        text(out, "protocol", e.protocol());
        number(out, "status", e.status());
        number(out, "bytes_received", e.requestBytes());
        number(out, "bytes_sent", e.responseBytes());
        number(out, "duration_ms", e.durationMillis());
        out.append(",\"upstream_time_ms\":");
        if (e.upstreamTimeMillis() < 0) {
            out.append("null");
        } else {
            out.append(e.upstreamTimeMillis());
        }
        text(out, "user_agent", e.userAgent());
        text(out, "request_id", e.requestId());
        text(out, "response_flags", e.responseFlags() == null ? "-" : e.responseFlags());
        if (e.principal() != null) {
            // only where the listener knows callers by their certificates: other lines keep their shape
            text(out, "principal", e.principal());
        }
        if (e.details() != null) {
            // only when there is something to say: ordinary lines keep their shape
            text(out, "details", e.details());
        }
        return out.append('}').toString();
    }

    private static void text(StringBuilder out, String key, String value) {
        out.append(",\"").append(key).append("\":");
        JsonText.appendString(out, value);
    }

    private static void number(StringBuilder out, String key, long value) {
        out.append(",\"").append(key).append("\":").append(value);
    }

    /** Flushes queued lines (waiting a few seconds at most) and stops the writer thread, if any. */
    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
