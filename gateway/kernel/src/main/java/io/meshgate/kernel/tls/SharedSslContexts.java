package io.meshgate.kernel.tls;

import io.netty.handler.ssl.SslContext;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One {@link SslContext} per distinct key (the settings a context is built from), shared by every user
 * of equal settings: a sidecar's 100 mTLS clusters carry the same client certificate, key and CA and
 * differ only in the name each connection sends as SNI and verifies, which the engine takes per
 * connection, so one BoringSSL {@code SSL_CTX} (with its parsed chain, key and trust manager) serves
 * them all instead of one each.
 *
 * <p>Entries hold their context weakly: a context lives exactly as long as something that uses it
 * (a compiled cluster) is reachable, as an unshared one did, and is then freed by its own cleaner; the
 * entry goes with it. So the config dropping the last cluster of a key releases the context without
 * every owner having to count its uses. Thread-safe.
 *
 * @param <K> the settings; equal keys must describe interchangeable contexts. Keys may hold secrets
 *            (a private key's PEM): this class never prints them.
 */
public final class SharedSslContexts<K> {
    private final Map<K, Entry<K>> entries = new HashMap<>();
    private final ReferenceQueue<SslContext> released = new ReferenceQueue<>();

    /**
     * The live context for {@code key}, else a new one from {@code build} (run under this cache's lock,
     * so equal settings are built once; its exceptions pass through and nothing is cached).
     */
    public synchronized SslContext get(K key, Supplier<SslContext> build) {
        Objects.requireNonNull(key, "key");
        expunge();
        Entry<K> entry = entries.get(key);
        SslContext context = entry == null ? null : entry.get();
        if (context != null) {
            return context;
        }
        context = Objects.requireNonNull(build.get(), "built context");
        entries.put(key, new Entry<>(key, context, released));
        return context;
    }

    /** How many contexts are alive and cached (for tests and diagnostics). */
    public synchronized int size() {
        expunge();
        entries.values().removeIf(e -> e.get() == null);
        return entries.size();
    }

    private void expunge() {
        for (Object ref; (ref = released.poll()) != null; ) {
            @SuppressWarnings("unchecked")
            Entry<K> entry = (Entry<K>) ref;
            entries.remove(entry.key, entry);
        }
    }

    private static final class Entry<K> extends WeakReference<SslContext> {
        final K key;

        Entry(K key, SslContext context, ReferenceQueue<SslContext> queue) {
            super(context, queue);
            this.key = key;
        }
    }
}
