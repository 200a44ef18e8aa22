package io.meshgate.api;

import io.meshgate.ca.CertificateAuthority;
import io.meshgate.resources.ResourceCodec;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;

/**
 * What every controller that keeps Secrets issued by the mesh CA shares: where it reads and writes
 * (the {@link ControllerMode}), the CA and the clock, and one background loop that runs
 * {@link #pass()} after every change of the mode's objects (debounced), at least every
 * {@code checkInterval}, and again after a failed pass. Each subclass decides what one pass issues,
 * re-issues and deletes.
 */
abstract class CaSecretController implements AutoCloseable {
    private static final Duration DEBOUNCE = Duration.ofMillis(100);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    protected final ControllerMode mode;
    protected final ResourceReads reads;
    protected final ResourceWrites writes;
    protected final ResourceCodec codec;
    protected final CertificateAuthority ca;
    protected final Clock clock;
    private final ControllerMode.Loop worker;

    /**
     * @param mode       where it reads and writes and what wakes it: the store, or the cluster (leader only)
     * @param threadName the loop thread's name
     * @param whatFailed the log message's start when a pass fails ("... failed; retrying in 5 s")
     */
    CaSecretController(ControllerMode mode, ResourceWrites writes, ResourceCodec codec, CertificateAuthority ca,
                       Clock clock, Duration checkInterval, String threadName, String whatFailed) {
        this.mode = mode;
        this.reads = mode.reads();
        this.writes = writes;
        this.codec = codec;
        this.ca = ca;
        this.clock = clock;
        System.Logger log = System.getLogger(getClass().getName());
        this.worker = mode.loop(threadName, DEBOUNCE, checkInterval, RETRY_AFTER_FAILURE, this::pass,
                e -> log.log(Level.WARNING, whatFailed + " failed; retrying in " + RETRY_AFTER_FAILURE.toSeconds() + " s", e));
    }

    /** One pass: issue what is due, delete what is no longer wanted. */
    abstract void pass();

    /** Subscribes to the mode's changes and starts the loop; the first pass runs right away. */
    final void start() {
        worker.start();
    }

    /** Asks for a pass soon (a test moved its clock). */
    final void recheck() {
        worker.wake();
    }

    @Override
    public final void close() {
        worker.close();
    }
}
