package io.meshgate.kernel.warmup;

import io.meshgate.kernel.transport.Transports;
import io.netty.channel.EventLoopGroup;

import java.util.concurrent.TimeUnit;

/**
 * An event loop of one thread that runs below normal priority (niceness {@link #NICE}): the warm-up's client
 * and origin, the parts of the warm-up that are not the proxy. On a CPU shared with the JIT (one CPU, as in a
 * container with a CPU limit of one) they would otherwise take two thirds of what the compiler threads need:
 * the warm-up's own load ran the proxy's request path at the interpreter's pace, its largest methods never
 * reached C2 within the budget, and C2 compiled them while the first real requests waited. Measured through
 * the whole stack on one CPU (docs/benchmarks.md): at the same budget, the first five seconds went from
 * 0.35-0.45x of the steady rate to 0.63-0.84x with these two threads at niceness 10. (Niceness 5 changed
 * nothing measurable; 19 starved the load, so the proxy's methods got too few calls.)
 */
public final class BackgroundLoop {
    public static final int NICE = 10;
    private static final long READY_SECONDS = 1;

    private BackgroundLoop() {
    }

    /** A new one-thread event loop named {@code name} whose thread has lowered its own priority to {@link #NICE}. */
    static EventLoopGroup start(String name) {
        EventLoopGroup group = Transports.newGroup(1, name);
        // the loop's thread lowers itself (a thread's niceness is its own); wait for it, briefly, so that the
        // warm-up's load never starts at normal priority
        group.next().submit(() -> Niceness.lowerCurrentThreadTo(NICE))
                .awaitUninterruptibly(READY_SECONDS, TimeUnit.SECONDS);
        return group;
    }
}
