package io.meshgate.kernel.http;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Request timeouts of one event loop, without a scheduled task per request. Nearly every request
 * finishes long before its timeout, and scheduling then cancelling a Netty task per request costs a
 * priority-queue insert and removal each time (measured with JFR under load). Here a timeout is an
 * entry appended to a FIFO queue per timeout length (entries of one length expire in the order they
 * were added), cancelling only marks the entry, and one tick every {@value #TICK_MILLIS} ms fires what
 * expired and drops what was cancelled. A timeout may fire up to one tick late.
 *
 * <p>Only used from its event loop.
 */
public final class RequestTimeouts {
    static final long TICK_MILLIS = 50;

    /** A pending timeout; {@link #cancel()} is O(1). */
    public static final class Timeout {
        private final long deadlineNanos;
        private Runnable action;

        private Timeout(long deadlineNanos, Runnable action) {
            this.deadlineNanos = deadlineNanos;
            this.action = action;
        }

        public void cancel() {
            action = null;
        }
    }

    private final EventLoop loop;
    private final Map<Long, ArrayDeque<Timeout>> queues = new HashMap<>();
    private ScheduledFuture<?> ticker;

    public RequestTimeouts(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code action} on this loop after {@code nanos}, unless cancelled first. */
    public Timeout schedule(long nanos, Runnable action) {
        assert loop.inEventLoop();
        Timeout timeout = new Timeout(System.nanoTime() + nanos, action);
        queues.computeIfAbsent(nanos, k -> new ArrayDeque<>()).addLast(timeout);
        if (ticker == null) {
            ticker = loop.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return timeout;
    }

    /** Entries waiting in the queues (cancelled ones included until the next tick drops them). */
    public int pending() {
        int n = 0;
        for (ArrayDeque<Timeout> q : queues.values()) {
            n += q.size();
        }
        return n;
    }

    private void tick() {
        long now = System.nanoTime();
        for (Iterator<ArrayDeque<Timeout>> it = queues.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Timeout> queue = it.next();
            Timeout head;
            while ((head = queue.peekFirst()) != null && (head.action == null || head.deadlineNanos - now <= 0)) {
                queue.pollFirst();
                Runnable action = head.action;
                if (action != null) {
                    head.action = null;
                    action.run();
                }
            }
            if (queue.isEmpty()) {
                it.remove();
            }
        }
        if (queues.isEmpty() && ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }
}
