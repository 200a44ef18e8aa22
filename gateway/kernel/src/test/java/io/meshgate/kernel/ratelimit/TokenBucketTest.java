package io.meshgate.kernel.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.TokenBucketSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Envoy's token bucket semantics on an injected clock: exact counts, burst, refill at whole intervals. */
class TokenBucketTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private TokenBucket bucket(int perFill, Duration interval, int burst) {
        return new TokenBucket(new TokenBucketSettings(perFill, interval, burst), nanos::get);
    }

    private static int take(TokenBucket bucket, int tries) {
        int taken = 0;
        for (int i = 0; i < tries; i++) {
            if (bucket.tryTake()) {
                taken++;
            }
        }
        return taken;
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void aFullBucketHoldsTheRateWhenBurstIsBelowIt() {
        assertThat(take(bucket(3, Duration.ofMinutes(1), 0), 10)).isEqualTo(3);
        assertThat(take(bucket(3, Duration.ofMinutes(1), 2), 10)).as("burst below the rate changes nothing").isEqualTo(3);
        assertThat(take(bucket(1, Duration.ofMinutes(1), 0), 10)).isEqualTo(1);
    }

    @Test
    void burstIsTheBucketsSize() {
        assertThat(take(bucket(1, Duration.ofMinutes(1), 10), 10)).isEqualTo(10);
        TokenBucket bucket = bucket(3, Duration.ofMinutes(1), 10);
        assertThat(take(bucket, 11)).isEqualTo(10);
    }

    @Test
    void tokensComeBackPerWholeIntervalUpToTheSize() {
        TokenBucket bucket = bucket(3, Duration.ofMinutes(1), 5);
        assertThat(take(bucket, 5)).isEqualTo(5);
        advance(Duration.ofSeconds(59));
        assertThat(bucket.tryTake()).as("no fill before the interval ends").isFalse();
        advance(Duration.ofSeconds(1));
        assertThat(bucket.available()).isEqualTo(3);
        assertThat(take(bucket, 10)).as("one fill adds tokensPerFill").isEqualTo(3);
        advance(Duration.ofMinutes(10));
        assertThat(take(bucket, 10)).as("many fills stop at the size").isEqualTo(5);
        advance(Duration.ofSeconds(30));
        assertThat(bucket.tryTake()).isFalse();
        advance(Duration.ofSeconds(30));
        assertThat(take(bucket, 10)).as("fills at whole intervals since the bucket was made").isEqualTo(3);
    }

    @Test
    void aFailedTakeLosesNoFill() {
        TokenBucket bucket = bucket(1, Duration.ofSeconds(1), 0);
        assertThat(bucket.tryTake()).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake()).isFalse();
        }
        advance(Duration.ofSeconds(2));
        assertThat(take(bucket, 5)).as("capped at the size 1").isEqualTo(1);
    }

    @Test
    void threadsShareOneBucketExactly() throws InterruptedException {
        TokenBucket bucket = bucket(1000, Duration.ofHours(1), 0);
        int threads = 8;
        AtomicInteger taken = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    taken.addAndGet(take(bucket, 500));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            all.add(thread);
        }
        start.countDown();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(taken.get()).as("8 threads x 500 tries against 1000 tokens").isEqualTo(1000);
    }

    @Test
    void aLateClockReadingNeverRefillsTheBucket() {
        // thread A read the clock, thread B read it later and stored a newer fill count first:
        // A's older reading must not look like 2^33 fills
        AtomicLong clock = new AtomicLong(0);
        TokenBucket bucket = new TokenBucket(new TokenBucketSettings(1, Duration.ofSeconds(1), 0), clock::get);
        assertThat(bucket.tryTake()).isTrue();
        clock.set(Duration.ofSeconds(5).toNanos());
        assertThat(bucket.tryTake()).isTrue();
        clock.set(Duration.ofSeconds(4).toNanos());
        assertThat(bucket.tryTake()).isFalse();
        assertThat(bucket.available()).isZero();
    }

    @Test
    void sameSettingsKeepTheBucketAcrossConfigsChangedOnesStartFull() {
        LocalRateLimits limits = new LocalRateLimits(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), nanos::get);
        TokenBucketSettings oneAMinute = new TokenBucketSettings(1, Duration.ofMinutes(1), 0);
        TokenBucket first = limits.bucket("tcp x", oneAMinute);
        assertThat(first.tryTake()).isTrue();
        assertThat(limits.bucket("tcp x", new TokenBucketSettings(1, Duration.ofMinutes(1), 0))).isSameAs(first);
        TokenBucket burst = limits.bucket("tcp x", new TokenBucketSettings(1, Duration.ofMinutes(1), 10));
        assertThat(burst).isNotSameAs(first);
        assertThat(take(burst, 20)).isEqualTo(10);
        assertThat(limits.tcpCounter("x")).isSameAs(limits.tcpCounter("x"));
    }
}
