package io.meshgate.reconcile.distribution;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The latest published config of every proxy, and a place to wait for the next one. Long-poll
 * requests block here on their own virtual threads; the reconciler publishes from its loop.
 */
public final class ConfigBoard implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, PublishedConfig> byProxy = new HashMap<>();
    private boolean closed;

    /** Makes {@code config} the current one of {@code proxy} and wakes its waiters. */
    public void publish(String proxy, PublishedConfig config) {
        lock.lock();
        try {
            byProxy.put(proxy, config);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets proxies not in {@code names} (unregistered ones). */
    public void retain(Set<String> names) {
        lock.lock();
        try {
            if (byProxy.keySet().retainAll(names)) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The current config of {@code proxy}, empty before the first reconcile that saw it. */
    public Optional<PublishedConfig> current(String proxy) {
        lock.lock();
        try {
            return Optional.ofNullable(byProxy.get(proxy));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code max} until the proxy's config has content other than {@code knownVersion}
     * (compared by content hash), then returns the current one: still the known content on timeout,
     * or empty when nothing is published for it. Returns early when the board closes.
     */
    public Optional<PublishedConfig> awaitChange(String proxy, String knownVersion, Duration max)
            throws InterruptedException {
        String knownContent = ConfigVersion.contentOf(knownVersion);
        long remaining = max.toNanos();
        lock.lock();
        try {
            while (true) {
                PublishedConfig current = byProxy.get(proxy);
                if (closed || remaining <= 0
                        || (current != null && !current.contentHash().equals(knownContent))) {
                    return Optional.ofNullable(current);
                }
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /** True once the server is stopping: proxies should reconnect rather than keep this connection. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Releases every waiter (they answer with what is current); used when the server stops. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
