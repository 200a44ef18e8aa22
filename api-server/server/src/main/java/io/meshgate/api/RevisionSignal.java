package io.meshgate.api;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes watch streams when the store commits a new revision, so they poll the event log only
 * when there is something to read. Waiters run on virtual threads (one per watch request).
 */
final class RevisionSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long latest;
    private boolean closed;

    RevisionSignal(long initial) {
        this.latest = initial;
    }

    /** Commit listener: called by the store after each committed write. */
    void committed(long revision) {
        lock.lock();
        try {
            if (revision > latest) {
                latest = revision;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Releases every waiter for good (server shutdown). */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a revision above {@code seen} is committed, the signal closes, or the timeout
     * passes; returns true when a newer revision exists.
     */
    boolean awaitAfter(long seen, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (latest <= seen && !closed && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return latest > seen;
        } finally {
            lock.unlock();
        }
    }

}
