package io.meshgate.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestTimeoutsTest {
    private static final long MS = 1_000_000L;

    private final EventLoop loop = new DefaultEventLoop();
    private final RequestTimeouts timeouts = new RequestTimeouts(loop);

    @AfterEach
    void tearDown() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aTargetIsCalledWithTheKindOfItsExpiredTimeout() throws Exception {
        List<Integer> fired = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        RequestTimeouts.Target target = kind -> {
            fired.add(kind);
            done.countDown();
        };
        loop.submit(() -> {
            timeouts.schedule(10 * MS, target, 7);
            timeouts.schedule(20 * MS, target, 3);
        }).get(5, TimeUnit.SECONDS);

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fired).containsExactlyInAnyOrder(7, 3); // one tick may fire both; lengths have no order
    }

    @Test
    void aCancelledTimeoutNeverFiresAndIsDropped() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        CountDownLatch later = new CountDownLatch(1);
        loop.submit(() -> {
            timeouts.schedule(10 * MS, kind -> fired.add("cancelled target"), 0).cancel();
            timeouts.schedule(10 * MS, () -> fired.add("cancelled action")).cancel();
            timeouts.schedule(60 * MS, later::countDown);
        }).get(5, TimeUnit.SECONDS);

        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fired).isEmpty();
        assertThat(loop.submit(timeouts::pending).get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void anExpiryMayScheduleATimeoutOfANewLength() throws Exception {
        // a fired action that adds a queue (a length not seen yet) while the tick walks the queues
        CountDownLatch second = new CountDownLatch(1);
        loop.submit(() -> timeouts.schedule(5 * MS, () -> timeouts.schedule(7 * MS, second::countDown)))
                .get(5, TimeUnit.SECONDS);

        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void timeoutsOfOneLengthFireInTheOrderTheyWereAdded() throws Exception {
        List<Integer> fired = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        loop.submit(() -> {
            for (int i = 0; i < 3; i++) {
                timeouts.schedule(10 * MS, kind -> {
                    fired.add(kind);
                    done.countDown();
                }, i);
            }
        }).get(5, TimeUnit.SECONDS);

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fired).containsExactly(0, 1, 2);
    }
}
