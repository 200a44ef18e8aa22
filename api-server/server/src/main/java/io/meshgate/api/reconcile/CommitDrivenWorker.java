package io.meshgate.api.reconcile;

import io.meshgate.db.ResourceStore;
import io.meshgate.reconcile.DebouncedWorker;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A {@link DebouncedWorker} woken by store commits: a burst of writes costs one pass. With a period,
 * a pass also runs when nothing was committed for that long (certificate renewal).
 */
public final class CommitDrivenWorker implements AutoCloseable {
    private final ResourceStore store;
    private final DebouncedWorker worker;
    private final LongConsumer commitListener;

    /**
     * @param period    run at least this often even without commits; null = only on commits
     * @param onFailure told about a pass that threw, before the retry pause
     */
    public CommitDrivenWorker(String threadName, ResourceStore store, Duration debounce, Duration period,
                              Duration retryAfterFailure, Runnable pass, Consumer<RuntimeException> onFailure) {
        this.store = Objects.requireNonNull(store, "store");
        this.worker = new DebouncedWorker(threadName, debounce, period, retryAfterFailure, pass, onFailure);
        this.commitListener = revision -> worker.wake();
    }

    /** Subscribes to store commits and starts the thread (the first pass runs right away). */
    public CommitDrivenWorker start() {
        store.addCommitListener(commitListener);
        worker.start();
        return this;
    }

    /** Asks for a pass soon (after the debounce). */
    public void wake() {
        worker.wake();
    }

    /** Stops listening and waits (up to 10 s) for a running pass to finish. */
    @Override
    public void close() {
        store.removeCommitListener(commitListener);
        worker.close();
    }
}
