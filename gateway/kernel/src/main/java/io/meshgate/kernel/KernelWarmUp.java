package io.meshgate.kernel;

import io.meshgate.kernel.warmup.BackgroundLoop;
import io.meshgate.kernel.warmup.HeapRelease;
import io.meshgate.kernel.warmup.JitActivity;
import io.meshgate.kernel.warmup.Niceness;
import io.meshgate.kernel.warmup.ThrowawayCertificate;
import io.meshgate.kernel.warmup.WarmUpConfig;
import io.meshgate.kernel.warmup.WarmUpLoad;
import io.meshgate.kernel.warmup.WarmUpOrigin;
import io.meshgate.kernel.warmup.WarmUpSchedule;

import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * Runs the proxy's hot path before the real kernel serves: a throwaway kernel on loopback ports, cleartext and
 * TLS ({@link WarmUpConfig}), takes synthetic traffic from {@link WarmUpLoad} to a {@link WarmUpOrigin} until the
 * JIT has compiled that path or the budget is spent, then goes away. Compiled code belongs to the JVM, not to the kernel, so the
 * real kernel started next runs it from its first request. Without this, a JVM proxy serves its first
 * seconds from the interpreter and C1 while C2 competes with it for the CPU (measured: under a twentieth
 * of the steady rate in the first second, under a third by the fifth, on one CPU).
 *
 * <p>Best effort by design: a warm-up that cannot run (no free loopback port, the path answering errors)
 * is logged and skipped, never a reason not to start.
 */
public final class KernelWarmUp {
    private static final System.Logger LOG = System.getLogger(KernelWarmUp.class.getName());
    /**
     * The load comes in rounds: all connections open at once, run for this long, and close from the client's
     * side at once, as each run of a load generator and each fleet of clients coming back does. Measured on
     * one CPU: pausing between rounds to let the compiler catch up gave fewer requests and a worse start, so
     * the next round starts at once.
     */
    private static final long ROUND_MILLIS = 2_000;
    /**
     * The JIT counts as settled after a round in which it compiled for at most this long per second: while the
     * hot path is being compiled a compiler thread is busy all the time (900-2,000 ms per second measured),
     * afterwards it only compiles the odd rare path (under 100).
     */
    private static final long SETTLED_COMPILE_MILLIS_PER_SECOND = 100;
    private static final Duration MINIMUM = Duration.ofMillis(1_500);

    /** What a warm-up did: requests proxied, how long it took and why it ended. */
    public record Result(long requests, long failures, Duration took, String endedBy) {
    }

    private KernelWarmUp() {
    }

    /**
     * Warms up with {@code ioThreads} event loops (the real kernel's count) for at most {@code budget}; a
     * zero or negative budget does nothing.
     */
    public static Result run(int ioThreads, Duration budget) {
        if (budget.isZero() || budget.isNegative()) {
            return new Result(0, 0, Duration.ZERO, "off");
        }
        long start = System.nanoTime();
        LOG.log(System.Logger.Level.INFO, "warm-up: at most {0} ms of synthetic loopback traffic through a throwaway"
                + " kernel before serving; its client and origin {1}", budget.toMillis(),
                Niceness.unavailableReason().map(why -> "at normal priority, beside the JIT's compiler threads (" + why + ")")
                        .orElse("at niceness " + BackgroundLoop.NICE + ", below the JIT's compiler threads"));
        Result result;
        try {
            result = proxy(ioThreads, budget, start);
        } catch (RuntimeException e) {
            result = new Result(0, 0, Duration.ofNanos(System.nanoTime() - start), "failed: " + e.getMessage());
        }
        boolean worked = result.failures() == 0 && !result.endedBy().startsWith("failed");
        HeapRelease.Committed heap = HeapRelease.release();
        LOG.log(worked ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "warm-up: {0} requests ({1} failed) through a throwaway kernel in {2} ms ({3}); heap committed {4} MiB{5}",
                result.requests(), result.failures(), result.took().toMillis(), result.endedBy(), heap.before() >> 20,
                heap.after() == heap.before() ? "" : ", " + (heap.after() >> 20) + " MiB after giving back what it grew");
        return result;
    }

    private static Result proxy(int ioThreads, Duration budget, long start) {
        ThrowawayCertificate certificate = certificate();
        try (WarmUpOrigin origin = WarmUpOrigin.start()) {
            Kernel kernel = Kernel.start(new KernelOptions(ioThreads, "127.0.0.1", -1, null, Duration.ofMillis(200)),
                    WarmUpConfig.proxyTo(origin.port(), certificate));
            try (WarmUpLoad load = WarmUpLoad.open(kernel.port(WarmUpConfig.PROXY),
                    certificate == null ? null : new WarmUpLoad.Tls(kernel.port(WarmUpConfig.PROXY_TLS), certificate))) {
                String endedBy = drive(load, budget, start);
                return new Result(load.completed(), load.failures(), Duration.ofNanos(System.nanoTime() - start), endedBy);
            } finally {
                kernel.shutdown(Duration.ofMillis(200));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the throwaway certificate did not load: " + e.getMessage(), e);
        }
    }

    /** A certificate for the TLS listener; without one (a JDK without EC keys) the warm-up runs cleartext only. */
    private static ThrowawayCertificate certificate() {
        try {
            return ThrowawayCertificate.generate();
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "warm-up: no throwaway certificate ({0}); TLS is not warmed up",
                    e.toString());
            return null;
        }
    }

    /** Rounds of load as {@link WarmUpSchedule} has them, until it is done, the budget is spent or the path fails; says which. */
    private static String drive(WarmUpLoad load, Duration budget, long start) {
        JitActivity jit = new JitActivity();
        WarmUpSchedule schedule = new WarmUpSchedule();
        long deadline = start + budget.toNanos();
        long minimum = start + MINIMUM.toNanos();
        while (true) {
            long compiledBefore = jit.totalMillis();
            long roundStart = System.nanoTime();
            WarmUpSchedule.Round round = schedule.nextRound();
            load.startRound(round.keptAlive(), round.closing());
            try {
                Thread.sleep(Duration.ofNanos(Math.max(0, Math.min(deadline, roundStart + ROUND_MILLIS * 1_000_000)
                        - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            } finally {
                load.endRound();
            }
            long now = System.nanoTime();
            if (load.failures() >= WarmUpLoad.MAX_FAILURES) {
                return "stopped after " + load.failures() + " failed requests or connections";
            }
            long compiledPerSecond = (jit.totalMillis() - compiledBefore) * 1_000_000_000 / Math.max(1, now - roundStart);
            LOG.log(System.Logger.Level.DEBUG, "warm-up: {0} requests so far, {1} ms of JIT compilation per second in the"
                    + " last round", load.completed(), compiledPerSecond);
            boolean settled = jit.measurable() && now >= minimum && compiledPerSecond <= SETTLED_COMPILE_MILLIS_PER_SECOND
                    && load.completed() > 0;
            boolean wasMixed = !schedule.inNewConnectionPhase();
            if (schedule.roundDone(settled, load.completed())) {
                return "the JIT settled";
            }
            if (wasMixed && schedule.inNewConnectionPhase()) {
                LOG.log(System.Logger.Level.INFO, "warm-up: the request path settled after {0} requests in {1} ms; now"
                        + " new connections", load.completed(), (now - start) / 1_000_000);
            }
            if (now >= deadline) {
                return "budget of " + budget.toMillis() + " ms spent"
                        + (schedule.inNewConnectionPhase() ? " in the new-connection phase" : "");
            }
        }
    }
}
