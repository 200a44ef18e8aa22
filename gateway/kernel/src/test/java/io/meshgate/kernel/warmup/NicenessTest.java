package io.meshgate.kernel.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A thread lowers its own priority and no other thread's: the warm-up's client and origin run below the JIT's
 * compiler threads, the rest of the process as it was. Linux with JDK 22 or newer (the test JVM here); elsewhere
 * the class must say why it cannot.
 */
class NicenessTest {

    @Test
    void saysWhyWhenItCannot() {
        boolean supported = System.getProperty("os.name").startsWith("Linux") && Runtime.version().feature() >= 22;
        assertThat(Niceness.unavailableReason().isEmpty()).isEqualTo(supported);
    }

    @Test
    void aThreadRaisesItsOwnNicenessOnly() throws Exception {
        assumeTrue(Niceness.unavailableReason().isEmpty(), () -> Niceness.unavailableReason().orElseThrow());
        OptionalInt before = Niceness.ofCurrentThread();
        assertThat(before).isPresent();

        CompletableFuture<OptionalInt> lowered = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            boolean took = Niceness.setForCurrentThread(before.getAsInt() + 3);
            lowered.complete(took ? Niceness.ofCurrentThread() : OptionalInt.empty());
        });
        thread.start();

        assertThat(lowered.get(5, TimeUnit.SECONDS)).hasValue(before.getAsInt() + 3);
        assertThat(Niceness.ofCurrentThread()).isEqualTo(before);
    }

    @Test
    void aBackgroundLoopRunsAtItsNiceness() throws Exception {
        assumeTrue(Niceness.unavailableReason().isEmpty(), () -> Niceness.unavailableReason().orElseThrow());
        EventLoopGroup loop = BackgroundLoop.start("niceness-test");
        try {
            OptionalInt onTheLoop = loop.next().submit(Niceness::ofCurrentThread).get(5, TimeUnit.SECONDS);
            assertThat(onTheLoop).hasValue(Math.max(BackgroundLoop.NICE, Niceness.ofCurrentThread().getAsInt()));
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}
