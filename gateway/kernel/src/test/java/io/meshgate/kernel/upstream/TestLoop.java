package io.meshgate.kernel.upstream;

import io.meshgate.kernel.transport.Transports;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** One event loop for the code under test, with helpers to run on it and wait for the result. */
final class TestLoop implements AutoCloseable {
    final EventLoopGroup group = Transports.newGroup(1, "upstream-test");
    final EventLoop loop = group.next();

    <T> T call(Callable<T> task) throws Exception {
        return loop.submit(task).get(10, TimeUnit.SECONDS);
    }

    void run(Runnable task) throws Exception {
        loop.submit(task).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
