package io.meshgate.kernel.http;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Request timeouts of one event loop, without a scheduled task per request. Nearly every request
 * finishes long before its timeout, and scheduling then cancelling a Netty task per request costs a
 * priority-queue insert and removal each time (measured with JFR under load). Here a timeout is an
 * entry appended to a FIFO queue per timeout length (entries of one length expire in the order they
 * were added), cancelling only marks the entry, and one tick every {@value #TICK_MILLIS} ms fires what
 * expired and drops what was cancelled. A timeout may fire up to one tick late.
 *
 * <p>Scheduling allocates only the entry: the queues are found by a scan of the (few) timeout
 * lengths, not a map keyed by a boxed length, and a {@link Target} with a kind spares the caller a
 * lambda per timeout (the sidecar runs on C1, which has no escape analysis: every temporary is real).
 *
 * <p>Only used from its event loop.
 */
public final class RequestTimeouts {
    static final long TICK_MILLIS = 50;

    /** What a timeout calls when it expires: {@code kind} tells the target's timeouts apart. */
    public interface Target {
        void timeoutExpired(int kind);
    }

    /** A pending timeout; {@link #cancel()} is O(1). */
    public static final class Timeout {
        private final long deadlineNanos;
        private Runnable action;
        private Target target;
        private final int kind;

        private Timeout(long deadlineNanos, Runnable action, Target target, int kind) {
            this.deadlineNanos = deadlineNanos;
            this.action = action;
            this.target = target;
            this.kind = kind;
        }

        public void cancel() {
            action = null;
            target = null;
        }

        boolean cancelled() {
            return action == null && target == null;
        }

        void fire() {
            Runnable a = action;
            Target t = target;
            action = null;
            target = null;
            if (a != null) {
                a.run();
            } else if (t != null) {
                t.timeoutExpired(kind);
            }
        }
    }

    /** The entries of one timeout length, in deadline order. */
    private static final class Queue {
        final long nanos;
        final ArrayDeque<Timeout> entries = new ArrayDeque<>();

        Queue(long nanos) {
            this.nanos = nanos;
        }
    }

    private final EventLoop loop;
    private final List<Queue> queues = new ArrayList<>(4);
    private ScheduledFuture<?> ticker;

    public RequestTimeouts(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code action} on this loop after {@code nanos}, unless cancelled first. */
    public Timeout schedule(long nanos, Runnable action) {
        return add(nanos, new Timeout(System.nanoTime() + nanos, action, null, 0));
    }

    /** Calls {@code target.timeoutExpired(kind)} on this loop after {@code nanos}, unless cancelled first. */
    public Timeout schedule(long nanos, Target target, int kind) {
        return add(nanos, new Timeout(System.nanoTime() + nanos, null, target, kind));
    }

    private Timeout add(long nanos, Timeout timeout) {
        assert loop.inEventLoop();
        queueOf(nanos).entries.addLast(timeout);
        if (ticker == null) {
            ticker = loop.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return timeout;
    }

    private Queue queueOf(long nanos) {
        for (int i = 0; i < queues.size(); i++) {
            Queue q = queues.get(i);
            if (q.nanos == nanos) {
                return q;
            }
        }
        Queue q = new Queue(nanos);
        queues.add(q);
        return q;
    }

    /** Entries waiting in the queues (cancelled ones included until the next tick drops them). */
    public int pending() {
        int n = 0;
        for (int i = 0; i < queues.size(); i++) {
            n += queues.get(i).entries.size();
        }
        return n;
    }

    private void tick() {
        long now = System.nanoTime();
        // an index loop: a fired action may schedule (append a queue, visited too), never remove one
        for (int i = 0; i < queues.size(); i++) {
            Queue queue = queues.get(i);
            Timeout head;
            while ((head = queue.entries.peekFirst()) != null && (head.cancelled() || head.deadlineNanos - now <= 0)) {
                queue.entries.pollFirst();
                head.fire();
            }
        }
        for (int i = queues.size() - 1; i >= 0; i--) {
            if (queues.get(i).entries.isEmpty()) {
                queues.remove(i);
            }
        }
        if (queues.isEmpty() && ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }
}
