package io.meshgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A change after a quiet spell starts its pass at once; one made during a pass is served after it. */
class DebouncedWorkerTest {
    private static final Duration AGES = Duration.ofHours(1);

    @Test
    void aChangeAfterAQuietSpellStartsItsPassAtOnce() {
        AtomicInteger passes = new AtomicInteger();
        AtomicLong now = new AtomicLong();
        // a debounce of an hour on a fake clock: a pass within the test can only have started at once
        try (DebouncedWorker worker = new DebouncedWorker("test-quiet", AGES, null, AGES,
                passes::incrementAndGet, e -> { }, true, now::get).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> passes.get() == 1);
            now.addAndGet(AGES.toNanos());
            worker.wake();
            await().atMost(Duration.ofSeconds(10)).until(() -> passes.get() == 2);
        }
    }

    @Test
    void aChangeMadeByAPassItselfGetsAPassToo() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        DebouncedWorker[] self = new DebouncedWorker[1];
        // a pass that changes something (as the reconciler's status writes do) wakes the worker
        try (DebouncedWorker worker = new DebouncedWorker("test-self-wake", Duration.ofMillis(100), null, AGES, () -> {
            if (passes.incrementAndGet() == 2) {
                self[0].wake();
            }
        }, e -> { }, true)) {
            self[0] = worker;
            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> passes.get() == 1);
            Thread.sleep(300);
            worker.wake();
            await().atMost(Duration.ofSeconds(10)).until(() -> passes.get() == 3);
        }
        assertThat(passes.get()).isEqualTo(3);
    }
}
