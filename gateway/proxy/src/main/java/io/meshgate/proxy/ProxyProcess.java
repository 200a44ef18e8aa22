package io.meshgate.proxy;

import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The start-up every proxy process that follows the control plane shares ({@code meshgate proxy},
 * {@code meshgate sidecar}): a kernel serving the last good config of its data directory (or an
 * empty one), then, once the process knows its proxy name and token, the {@link ConfigAgent} that
 * keeps it on the published config. The two steps are separate because a sidecar must register
 * before it has a name and token, and its kernel should serve what it served before meanwhile.
 */
public final class ProxyProcess implements AutoCloseable {
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final Kernel kernel;
    private final ProxyConfig initial;
    private final Path dataDir;
    private final UnaryOperator<ProxyConfig> local;
    private volatile ConfigAgent agent;

    private ProxyProcess(Kernel kernel, ProxyConfig initial, Path dataDir, UnaryOperator<ProxyConfig> local) {
        this.kernel = kernel;
        this.initial = initial;
        this.dataDir = dataDir;
        this.local = local;
    }

    /**
     * Starts a kernel on the last good config saved in {@code dataDir} (empty when there is none).
     *
     * @throws IllegalArgumentException when that config does not compile or a port cannot be bound
     */
    public static ProxyProcess start(KernelOptions options, Path dataDir) {
        return start(options, dataDir, UnaryOperator.identity());
    }

    /**
     * Like {@link #start(KernelOptions, Path)}, with settings only this process knows applied to every
     * config the kernel runs, the saved one and each published one ({@link ConfigAgent}).
     */
    public static ProxyProcess start(KernelOptions options, Path dataDir, UnaryOperator<ProxyConfig> local) {
        Objects.requireNonNull(local, "local");
        ProxyConfig initial = dataDir == null ? ProxyConfig.empty()
                : new LastGoodConfig(dataDir).load().orElse(ProxyConfig.empty());
        return new ProxyProcess(Kernel.start(options, local.apply(initial)), initial, dataDir, local);
    }

    /**
     * Starts following the published config; {@code options.dataDir()} should be this process's
     * data directory so the configs it applies are the next start's last good one.
     */
    public synchronized ProxyProcess follow(AgentOptions options) {
        Objects.requireNonNull(options, "options");
        if (agent != null) {
            throw new IllegalStateException("already following " + options.name());
        }
        if (!Objects.equals(options.dataDir(), dataDir)) {
            throw new IllegalArgumentException("the agent's data directory " + options.dataDir()
                    + " is not the one the kernel started from (" + dataDir + ")");
        }
        agent = new ConfigAgent(options, kernel, local).start();
        return this;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** The config the kernel started with (the last good one, or empty). */
    public ProxyConfig initial() {
        return initial;
    }

    /** The running agent, or null before {@link #follow}. */
    public ConfigAgent agent() {
        return agent;
    }

    /** Stops the agent (if any), then drains the kernel for up to 10 s. */
    @Override
    public void close() {
        ConfigAgent running = agent;
        if (running != null) {
            running.close();
        }
        kernel.shutdown(DRAIN);
    }
}
