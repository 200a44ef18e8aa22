package io.meshgate.reconcile;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One background thread that runs a pass after changes: a change ({@link #wake()}) only marks the
 * work dirty, and the thread waits a short debounce so a burst of changes costs one pass.
 * With a period, a pass also runs when nothing changed for that long (time-driven work such as
 * certificate renewal). A pass that throws is reported, retried after a pause, never kills the thread.
 * The first pass runs right after {@link #start()}.
 */
public final class DebouncedWorker implements AutoCloseable {
    private final Duration debounce;
    private final Duration period;
    private final Duration retryAfterFailure;
    private final Runnable pass;
    private final Consumer<RuntimeException> onFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private final Thread thread;
    private boolean dirty = true;
    private boolean closed;

    /**
     * @param period            run at least this often even without changes; null = only on changes
     * @param onFailure         told about a pass that threw, before the retry pause
     */
    public DebouncedWorker(String threadName, Duration debounce, Duration period, Duration retryAfterFailure,
                           Runnable pass, Consumer<RuntimeException> onFailure) {
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        this.period = period;
        this.retryAfterFailure = Objects.requireNonNull(retryAfterFailure, "retryAfterFailure");
        this.pass = Objects.requireNonNull(pass, "pass");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        this.thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::loop);
    }

    /** Starts the thread; the first pass runs right away. */
    public DebouncedWorker start() {
        thread.start();
        return this;
    }

    /** Asks for a pass soon (after the debounce). Cheap and non-blocking beyond a short lock. */
    public void wake() {
        lock.lock();
        try {
            dirty = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread, waiting (up to 10 s) for a running pass to finish. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (awaitWork()) {
            try {
                pass.run();
            } catch (RuntimeException e) {
                onFailure.accept(e);
                pause(retryAfterFailure);
                wake();
            }
        }
    }

    /** Waits until dirty (or the period passed), then the debounce. False once closed. */
    private boolean awaitWork() {
        lock.lock();
        try {
            long remaining = period == null ? Long.MAX_VALUE : period.toNanos();
            while (!dirty && !closed && remaining > 0) {
                remaining = signal.awaitNanos(remaining);
            }
            if (closed) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
        pause(debounce);
        lock.lock();
        try {
            dirty = false;
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Waits {@code d} unless closed meanwhile. */
    private void pause(Duration d) {
        long remaining = d.toNanos();
        lock.lock();
        try {
            while (remaining > 0 && !closed) {
                remaining = signal.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
