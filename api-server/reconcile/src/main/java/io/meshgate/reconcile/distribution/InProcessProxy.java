package io.meshgate.reconcile.distribution;

import io.meshgate.config.ProxyConfig;
import io.meshgate.reconcile.ReconcileObserver;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * A proxy that runs in the control plane's own process (the Kubernetes ingress controller's
 * embedded kernel): after every reconcile pass it applies what the board holds for it, if that
 * differs from what it runs. A config the kernel refuses (a certificate that does not load, a port
 * in use) is logged and the previous one keeps serving; the next pass tries again. Called on the
 * reconcile thread only.
 */
public final class InProcessProxy implements ReconcileObserver {
    private static final System.Logger LOG = System.getLogger(InProcessProxy.class.getName());

    /** Applies a config to the kernel; throws when it refuses it. */
    @FunctionalInterface
    public interface ConfigApplier {
        void apply(ProxyConfig config);
    }

    private final String name;
    private final ConfigBoard board;
    private final ConfigApplier applier;
    private volatile PublishedConfig applied;

    /** @param name the proxy name the reconciler publishes under */
    public InProcessProxy(String name, ConfigBoard board, ConfigApplier applier) {
        this.name = Objects.requireNonNull(name, "name");
        this.board = Objects.requireNonNull(board, "board");
        this.applier = Objects.requireNonNull(applier, "applier");
    }

    @Override
    public void reconciled(Duration took, int published) {
        sync();
    }

    @Override
    public void failed() {
        // nothing new was published: the kernel keeps what it runs
    }

    /** Applies the board's config when its content differs from the running one. */
    public void sync() {
        PublishedConfig current = board.current(name).orElse(null);
        if (current == null || (applied != null && applied.contentHash().equals(current.contentHash()))) {
            return;
        }
        try {
            applier.apply(current.config());
            applied = current;
            LOG.log(Level.INFO, "applied {0} config {1}: {2} listeners, {3} clusters", name, current.version(),
                    current.config().listeners().size(), current.config().clusters().size());
        } catch (RuntimeException refused) {
            LOG.log(Level.WARNING, "the kernel refused " + name + " config " + current.version()
                    + "; still serving the previous one: " + refused.getMessage());
        }
    }

    /** The config last applied, or null before the first. */
    public ProxyConfig applied() {
        PublishedConfig last = applied;
        return last == null ? null : last.config();
    }
}
