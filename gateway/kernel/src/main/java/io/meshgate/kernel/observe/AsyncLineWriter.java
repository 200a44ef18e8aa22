package io.meshgate.kernel.observe;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hands lines to a possibly blocking sink (a logger writing to a file or a pipe) on one dedicated
 * daemon thread, so that the event loops that produce them never wait for I/O. The queue is
 * bounded: when the sink cannot keep up, new lines are dropped and counted rather than letting
 * memory grow or the proxy slow down.
 */
final class AsyncLineWriter implements Consumer<String>, AutoCloseable {
    private static final String STOP = new String("stop");

    private final BlockingQueue<String> queue;
    private final Consumer<String> sink;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    AsyncLineWriter(String threadName, int capacity, Consumer<String> sink) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::drain);
        this.thread.start();
    }

    /** Queues {@code line}; never blocks. */
    @Override
    public void accept(String line) {
        if (closed || !queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /** Lines lost because the queue was full, the writer was closed, or the sink threw. */
    long dropped() {
        return dropped.get();
    }

    private void drain() {
        try {
            while (true) {
                String line = queue.take();
                if (line == STOP) {
                    return;
                }
                try {
                    sink.accept(line);
                } catch (RuntimeException e) {
                    dropped.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued (waiting at most a few seconds for a slow sink), then stops the thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!queue.offer(STOP, 5, TimeUnit.SECONDS)) {
                thread.interrupt();
            }
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        // lines that raced past the closed flag after the stop marker: count them, do not keep them
        dropped.addAndGet(queue.size());
        queue.clear();
    }
}
