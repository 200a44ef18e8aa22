package io.meshgate.kernel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

class SharedSslContextsTest {
    private final SharedSslContexts<String> cache = new SharedSslContexts<>();
    private final AtomicInteger built = new AtomicInteger();

    private SslContext newContext() {
        built.incrementAndGet();
        try {
            return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).build();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void equalKeysGetOneContextBuiltOnce() {
        SslContext a = cache.get("a", this::newContext);

        assertThat(cache.get("a", this::newContext)).isSameAs(a);
        assertThat(cache.get("b", this::newContext)).isNotSameAs(a);
        assertThat(built).hasValue(2);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aFailedBuildCachesNothing() {
        assertThatThrownBy(() -> cache.get("a", () -> {
            throw new IllegalArgumentException("bad PEM");
        })).hasMessage("bad PEM");

        assertThat(cache.size()).isZero();
        assertThat(cache.get("a", this::newContext)).isNotNull();
    }

    @Test
    void anUnusedContextIsReleasedAndItsEntryGoes() throws Exception {
        SslContext kept = cache.get("kept", this::newContext);
        WeakReference<SslContext> dropped = new WeakReference<>(cache.get("dropped", this::newContext));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((dropped.get() != null || cache.size() != 1) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }

        assertThat(dropped.get()).isNull();
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("kept", this::newContext)).isSameAs(kept);
        cache.get("dropped", this::newContext);
        assertThat(built).hasValue(3);
    }
}
