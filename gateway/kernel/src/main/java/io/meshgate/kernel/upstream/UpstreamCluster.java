package io.meshgate.kernel.upstream;

import io.meshgate.config.Cluster;
import io.meshgate.config.ClusterTimeouts;
import io.meshgate.config.Endpoint;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A compiled {@link Cluster}: endpoint states, the balancer, and the client TLS context.
 * Immutable and shared by all event loops.
 *
 * <p>Compile off the event loop: TLS material is parsed here and host-name endpoints are resolved
 * here (once). When a config swap recompiles a cluster, pass the cluster it replaces to
 * {@link #compile(Cluster, UpstreamCluster)}: unchanged endpoints keep their {@link EndpointState}
 * (so in-flight counts and pooled connections survive), and the endpoints that disappeared are
 * retired, which makes the connection pools close their idle connections to them.
 *
 * <p>An original-destination cluster ({@link Cluster#connectsToOriginalDestination()}) has no
 * endpoints to balance: each connection names its own ({@link #originalDestination}), and the ones
 * met so far are kept (bounded) so requests to the same destination share pooled connections.
 */
public final class UpstreamCluster {
    private final Cluster config;
    private final List<EndpointState> endpoints;
    private final LoadBalancer balancer;
    private final SslContext sslContext;
    /** Null unless the cluster connects to original destinations. */
    private final OriginalDestinations destinations;
    /** Null unless the cluster has a circuit breaker. */
    private final CircuitBreakerState breaker;
    /** Null unless the cluster has connection limits. */
    private final ClusterLoad load;

    private UpstreamCluster(Cluster config, List<EndpointState> endpoints, SslContext sslContext,
                            OriginalDestinations destinations, UpstreamCluster previous) {
        this.config = config;
        this.breaker = carriedBreaker(config, previous);
        this.load = carriedLoad(config, previous);
        this.endpoints = List.copyOf(endpoints);
        this.balancer = LoadBalancers.create(config, this.endpoints);
        this.sslContext = sslContext;
        this.destinations = destinations;
    }

    /**
     * Compiles a cluster with fresh endpoint states; no side effects (safe for validation).
     *
     * @throws IllegalArgumentException when its TLS settings are unusable (bad PEM, key mismatch)
     */
    public static UpstreamCluster compile(Cluster c) {
        return compile(c, null);
    }

    /**
     * Compiles {@code c} as the replacement of {@code previous} (may be null). States of endpoints
     * that are equal in both are reused when the way to reach them is unchanged (same TLS settings
     * and protocol); states of {@code previous} that are not reused are retired. Call this only for
     * the config that will actually replace {@code previous}; use {@link #compile(Cluster)} to
     * validate. Nothing is retired when compilation fails.
     *
     * @throws IllegalArgumentException when its TLS settings are unusable (bad PEM, key mismatch)
     */
    public static UpstreamCluster compile(Cluster c, UpstreamCluster previous) {
        return compile(c, previous, HostResolver.SYSTEM);
    }

    /** Like {@link #compile(Cluster, UpstreamCluster)}; host-name endpoints are resolved with {@code hosts}. */
    public static UpstreamCluster compile(Cluster c, UpstreamCluster previous, HostResolver hosts) {
        return compile(c, previous, UpstreamTlsContexts.defaultProvider(), hosts);
    }

    /** With an explicit TLS provider, so tests can cover both BoringSSL and the JDK. */
    static UpstreamCluster compile(Cluster c, UpstreamCluster previous, SslProvider provider) {
        return compile(c, previous, provider, HostResolver.SYSTEM);
    }

    private static UpstreamCluster compile(Cluster c, UpstreamCluster previous, SslProvider provider,
                                           HostResolver hosts) {
        Objects.requireNonNull(c, "cluster");
        boolean sameTransport = previous != null
                && previous.config.name().equals(c.name())
                && Objects.equals(previous.config.tls(), c.tls())
                && previous.config.protocol() == c.protocol();
        SslContext ssl;
        if (c.tls() == null) {
            ssl = null;
        } else if (sameTransport) {
            // identical TLS settings: keep the context (and its session cache) instead of re-parsing PEMs
            ssl = previous.sslContext;
        } else {
            ssl = UpstreamTlsContexts.build(c.name(), c.tls(), c.protocol(), provider);
        }
        Map<Endpoint, EndpointState> reusable = new HashMap<>();
        if (sameTransport) {
            for (EndpointState state : previous.endpoints) {
                // an unresolved host gets a fresh state, hence a fresh DNS lookup
                if (state.isResolved() && !state.isRetired()) {
                    reusable.putIfAbsent(state.endpoint(), state);
                }
            }
        }
        List<EndpointState> states = new ArrayList<>(c.endpoints().size());
        Set<EndpointState> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Endpoint endpoint : c.endpoints()) {
            EndpointState state = reusable.remove(endpoint);
            if (state == null) {
                state = new EndpointState(endpoint, hosts);
            } else {
                kept.add(state);
            }
            states.add(state);
        }
        OriginalDestinations destinations = null;
        boolean destinationsKept = false;
        if (c.connectsToOriginalDestination()) {
            // the same TLS and the same way there (directly, or through the same gateway): keep the pools
            destinationsKept = sameTransport && previous.destinations != null
                    && Objects.equals(previous.config.tunnel(), c.tunnel());
            destinations = destinationsKept ? previous.destinations : new OriginalDestinations();
        }
        UpstreamCluster compiled = new UpstreamCluster(c, states, ssl, destinations, previous);
        if (previous != null) {
            for (EndpointState old : previous.endpoints) {
                if (!kept.contains(old)) {
                    old.retire();
                }
            }
            if (previous.destinations != null && !destinationsKept) {
                previous.destinations.retireAll();
            }
        }
        return compiled;
    }

    /**
     * The circuit breaker and the load counts: a replacement with the same name keeps its predecessor's
     * breaker while the breaker's settings are equal (an open breaker stays open across a config push),
     * and always keeps the load counts (what is in progress stays counted), with the new limits.
     */
    private static CircuitBreakerState carriedBreaker(Cluster config, UpstreamCluster previous) {
        if (config.circuitBreaker() == null) {
            return null;
        }
        boolean same = previous != null && previous.config.name().equals(config.name()) && previous.breaker != null
                && previous.breaker.config().equals(config.circuitBreaker());
        return same ? previous.breaker : new CircuitBreakerState(config.name(), config.circuitBreaker());
    }

    private static ClusterLoad carriedLoad(Cluster config, UpstreamCluster previous) {
        if (config.limits() == null) {
            return null;
        }
        if (previous != null && previous.config.name().equals(config.name()) && previous.load != null) {
            previous.load.limits(config.limits());
            return previous.load;
        }
        return new ClusterLoad(config.limits());
    }

    /** The circuit breaker's state; null when the cluster has none. */
    public CircuitBreakerState breaker() {
        return breaker;
    }

    /** The counts its connection limits are checked against; null when the cluster has no limits. */
    public ClusterLoad load() {
        return load;
    }

    /**
     * Marks every endpoint of this cluster retired: call it when the cluster is removed from the
     * config (not when it is replaced; {@link #compile(Cluster, UpstreamCluster)} does that).
     */
    public void retire() {
        for (EndpointState state : endpoints) {
            state.retire();
        }
        if (destinations != null) {
            destinations.retireAll();
        }
    }

    /** True when each connection goes to the original destination of its downstream connection. */
    public boolean connectsToOriginalDestination() {
        return destinations != null;
    }

    /**
     * The endpoint of an original-destination cluster for {@code address} reached under {@code host}
     * (the HTTP request's host: the TLS name when the cluster's TLS names none, and the tunnel host;
     * null: the address itself). Equal arguments give the same endpoint while it is in use, so its
     * connections are pooled. Safe from any thread.
     *
     * @throws IllegalStateException when the cluster has endpoints of its own
     */
    public EndpointState originalDestination(java.net.InetSocketAddress address, String host) {
        if (destinations == null) {
            throw new IllegalStateException("cluster '" + name() + "' does not connect to original destinations");
        }
        return destinations.endpoint(address, host);
    }

    public Cluster config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public List<EndpointState> endpoints() {
        return endpoints;
    }

    /** The balancer's choice for this client, or null when no endpoint has weight above zero. */
    public EndpointState pick(InetAddress client) {
        return balancer.pick(client);
    }

    /** Null for cleartext clusters. */
    public SslContext sslContext() {
        return sslContext;
    }

    public ClusterTimeouts timeouts() {
        return config.timeouts();
    }

    public boolean http2() {
        return config.protocol() == Cluster.UpstreamProtocol.HTTP2;
    }

    @Override
    public String toString() {
        return "UpstreamCluster[" + config.name() + ", " + endpoints + "]";
    }
}
