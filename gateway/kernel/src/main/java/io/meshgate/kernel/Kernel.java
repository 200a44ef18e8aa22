package io.meshgate.kernel;

import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.filter.FilterRegistry;
import io.meshgate.kernel.http.RequestTimeouts;
import io.meshgate.kernel.observe.AccessLog;
import io.meshgate.kernel.observe.AdminServer;
import io.meshgate.kernel.observe.AdminSources;
import io.meshgate.kernel.observe.KernelMetrics;
import io.meshgate.kernel.observe.MetricsListener;
import io.meshgate.kernel.ratelimit.LocalRateLimits;
import io.meshgate.kernel.runtime.ListenerSet;
import io.meshgate.kernel.runtime.ProxyRuntime;
import io.meshgate.kernel.runtime.RuntimeSnapshot;
import io.meshgate.kernel.tls.TlsPolicy;
import io.meshgate.kernel.transport.Transports;
import io.meshgate.kernel.upstream.HostResolver;
import io.meshgate.kernel.upstream.UpstreamConnectionPool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The proxy kernel: event loops, listeners and upstream pools driven by one immutable
 * {@link ProxyConfig} at a time. {@link #apply} compiles a new config completely, binds any new
 * listener sockets, then swaps it in atomically: requests in flight finish on the snapshot they
 * started with, new requests see the new one, and a config that does not compile changes nothing.
 */
public final class Kernel implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Kernel.class.getName());

    private final KernelOptions options;
    private final EventLoopGroup group;
    private final Map<EventExecutor, UpstreamConnectionPool> pools = new IdentityHashMap<>();
    private final Map<EventExecutor, RequestTimeouts> timeouts = new IdentityHashMap<>();
    private final AtomicReference<RuntimeSnapshot> snapshot = new AtomicReference<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final FilterRegistry filters;
    private final HostResolver hosts;
    private final KernelMetrics metrics;
    private final AccessLog accessLog;
    private final ListenerSet listeners;
    private final AdminServer admin;
    /**
     * The operators' event loop (one thread, {@code meshgate-admin-*}): the admin listener's and the
     * metrics-only listeners'; made when the first of them starts, so a kernel without either has none.
     */
    private EventLoopGroup operatorGroup;
    /**
     * Closed and awaited by the shutdown: the operator group's shutdown alone once left a metrics
     * port bound after it had returned (io_uring).
     */
    private final List<MetricsListener> metricsListeners = new ArrayList<>();
    private volatile boolean draining;
    private volatile boolean closed;

    private Kernel(KernelOptions options) {
        this.options = options;
        // read before any thread starts: a hosts file that does not parse fails the start, not a request
        this.hosts = HostResolver.load(options.hostsFile());
        this.group = Transports.newGroup(options.effectiveIoThreads(), "meshgate-io");
        for (EventExecutor executor : group) {
            pools.put(executor, new UpstreamConnectionPool((EventLoop) executor));
            timeouts.put(executor, new RequestTimeouts((EventLoop) executor));
        }
        this.metrics = new KernelMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        this.filters = FilterRegistry.standard(new LocalRateLimits(metrics.registry()));
        metrics.registerPoolGauges("upstream",
                () -> pools.values().stream().mapToInt(UpstreamConnectionPool::idleCount).sum(),
                () -> pools.values().stream().mapToInt(UpstreamConnectionPool::activeCount).sum());
        this.accessLog = options.accessLog() == null ? AccessLog.disabled() : AccessLog.async(options.accessLog());
        this.listeners = new ListenerSet(group, runtime(), hosts);
        this.admin = options.adminPort() < 0 ? null
                : new AdminServer(options.adminAddress(), options.adminPort(), adminSources(), options.adminAccess());
    }

    /** Starts a kernel serving {@code initial}; throws IllegalArgumentException if it does not compile or bind. */
    public static Kernel start(KernelOptions options, ProxyConfig initial) {
        Kernel kernel = new Kernel(options);
        try {
            kernel.apply(initial);
            if (kernel.admin != null) {
                kernel.admin.start(kernel.operatorGroup());
            }
        } catch (RuntimeException e) {
            kernel.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "meshgate kernel started: transport={0} tls={1} io-threads={2}",
                Transports.name(), TlsPolicy.providerName(), options.effectiveIoThreads());
        return kernel;
    }

    /**
     * Compiles and applies {@code config}. On any error (bad regex, bad certificate, port in use)
     * the running config stays as it was and the exception says what is wrong.
     */
    public synchronized void apply(ProxyConfig config) {
        if (closed) {
            throw new IllegalStateException("kernel is shut down");
        }
        RuntimeSnapshot next = RuntimeSnapshot.compile(config, snapshot.get(), filters, hosts);
        listeners.bindNew(config);
        snapshot.set(next);
        listeners.closeRemoved(config);
        metrics.configApplied(config.version());
    }

    public ProxyConfig config() {
        RuntimeSnapshot s = snapshot.get();
        return s == null ? ProxyConfig.empty() : s.config();
    }

    /** The port a listener is bound to (useful when the config asked for port 0). */
    public int port(String listenerName) {
        return listeners.port(listenerName);
    }

    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    public KernelMetrics metrics() {
        return metrics;
    }

    /**
     * Starts a metrics-only listener on {@code address:port} (0: a free port): {@code GET}/{@code HEAD
     * /stats/prometheus} with this kernel's meters in Prometheus text, nothing of the config, its keys
     * or the admin endpoints, so it may face scrapers the admin listener must not (FSM's stats port).
     * It runs on the admin listener's event loop: no thread of its own, no competition with traffic.
     * The caller closes it; the kernel's shutdown closes it too.
     *
     * @throws java.io.UncheckedIOException naming the address when it cannot be bound
     * @throws IllegalStateException        when the kernel is shut down
     */
    public MetricsListener startMetricsListener(String address, int port) {
        MetricsListener listener = MetricsListener.start(operatorGroup(), address, port, metrics.registry()::scrape);
        synchronized (this) {
            if (!closed) {
                metricsListeners.add(listener);
                return listener;
            }
        }
        listener.close(); // the kernel shut down while it was binding
        throw new IllegalStateException("kernel is shut down");
    }

    /** Requests in flight right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Graceful drain: stop accepting, let requests in flight finish (responses carry
     * {@code Connection: close}) up to {@code timeout}, then close everything.
     */
    public void shutdown(Duration timeout) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        draining = true;
        listeners.stopAccepting();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        listeners.closeConnections();
        for (var entry : pools.entrySet()) {
            entry.getKey().execute(entry.getValue()::closeAll);
        }
        if (admin != null) {
            admin.close();
        }
        EventLoopGroup operators;
        List<MetricsListener> metricsToClose;
        synchronized (this) {
            operators = operatorGroup;
            metricsToClose = List.copyOf(metricsListeners);
        }
        metricsToClose.forEach(MetricsListener::close); // idempotent: their owners may have closed them
        if (operators != null) {
            operators.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public void close() {
        shutdown(options.drainTimeout());
    }

    private synchronized EventLoopGroup operatorGroup() {
        if (closed) {
            throw new IllegalStateException("kernel is shut down");
        }
        if (operatorGroup == null) {
            operatorGroup = Transports.newGroup(1, "meshgate-admin");
        }
        return operatorGroup;
    }

    private ProxyRuntime runtime() {
        return new ProxyRuntime() {
            @Override
            public RuntimeSnapshot snapshot() {
                return snapshot.get();
            }

            @Override
            public UpstreamConnectionPool pool(EventLoop loop) {
                return pools.get(loop);
            }

            @Override
            public RequestTimeouts timeouts(EventLoop loop) {
                return timeouts.get(loop);
            }

            @Override
            public KernelMetrics metrics() {
                return metrics;
            }

            @Override
            public AccessLog accessLog() {
                return accessLog;
            }

            @Override
            public boolean draining() {
                return draining;
            }

            @Override
            public void exchangeStarted() {
                inFlight.incrementAndGet();
            }

            @Override
            public void exchangeFinished() {
                inFlight.decrementAndGet();
            }
        };
    }

    private AdminSources adminSources() {
        return new AdminSources() {
            @Override
            public ProxyConfig currentConfig() {
                return config();
            }

            @Override
            public boolean ready() {
                return snapshot.get() != null && !draining;
            }

            @Override
            public KernelMetrics metrics() {
                return metrics;
            }

            @Override
            public Map<String, String> info() {
                Map<String, String> info = new LinkedHashMap<>();
                info.put("config_version", config().version());
                info.put("transport", Transports.name());
                info.put("tls_provider", TlsPolicy.providerName());
                info.put("io_threads", String.valueOf(options.effectiveIoThreads()));
                info.put("requests_in_flight", String.valueOf(inFlight.get()));
                return info;
            }

            @Override
            public int boundPort(String name) {
                try {
                    return listeners.port(name);
                } catch (RuntimeException e) {
                    return -1; // removed by a config swap since the caller read the config
                }
            }

            @Override
            public Runnable quit() {
                return options.adminQuit();
            }
        };
    }
}
