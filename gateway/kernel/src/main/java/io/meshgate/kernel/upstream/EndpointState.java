package io.meshgate.kernel.upstream;

import io.meshgate.config.Endpoint;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upstream endpoint at runtime: its config, its socket address and the number of requests in
 * flight towards it (what {@link LeastWorkBalancer} balances on).
 *
 * <p>The address is resolved once, when the state is created (cluster compilation, off the event
 * loop): IP literals without any lookup, host names through the kernel's {@link HostResolver} (its
 * hosts table, then one blocking DNS lookup). A host name that
 * does not resolve leaves an unresolved address; the connection pool then fails fast instead of
 * resolving on an event loop, and the next config compilation tries again (unresolved states are
 * never carried over).
 *
 * <p>Thread-safe: the counter is atomic and the retired flag volatile, because the states of one
 * cluster are shared by every event loop.
 */
public final class EndpointState {
    private final Endpoint endpoint;
    private final InetSocketAddress socketAddress;
    /** An original destination's TLS name (the HTTP request's host); null: the cluster's, else the address. */
    private final String serverName;
    /** An original destination's name in a tunnel request; null for configured endpoints. */
    private final String tunnelHost;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean retired;

    public EndpointState(Endpoint endpoint) {
        this(endpoint, HostResolver.SYSTEM);
    }

    /** Resolves a host-name endpoint with {@code hosts} (its table, then DNS). */
    public EndpointState(Endpoint endpoint, HostResolver hosts) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.socketAddress = resolve(endpoint, Objects.requireNonNull(hosts, "hosts"));
        this.serverName = null;
        this.tunnelHost = null;
    }

    private EndpointState(InetSocketAddress address, String serverName, String tunnelHost) {
        String ip = address.getAddress().getHostAddress();
        this.endpoint = new Endpoint(ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip, address.getPort(), 1);
        this.socketAddress = address;
        this.serverName = serverName;
        this.tunnelHost = tunnelHost == null ? ip : tunnelHost;
    }

    /**
     * The endpoint of an original-destination cluster for one destination: the address the client
     * connected to, never looked up.
     *
     * @param serverName the TLS name to send and verify when the cluster's TLS names none (the HTTP
     *                   request's host); null: the address
     * @param tunnelHost the destination's name in an egress tunnel request; null: the address
     * @throws IllegalArgumentException when {@code address} is unresolved
     */
    public static EndpointState originalDestination(InetSocketAddress address, String serverName, String tunnelHost) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("original destination " + address + " is not an address");
        }
        return new EndpointState(address, serverName, tunnelHost);
    }

    /** An original destination's TLS name, or null (see {@link #originalDestination}). */
    public String serverName() {
        return serverName;
    }

    /** The host of a tunnel request to this endpoint: an original destination's name, else its address. */
    public String tunnelHost() {
        return tunnelHost != null ? tunnelHost : stripBrackets(endpoint.address());
    }

    private static InetSocketAddress resolve(Endpoint endpoint, HostResolver hosts) {
        String host = stripBrackets(endpoint.address());
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        if (literal != null) {
            return new InetSocketAddress(literal, endpoint.port());
        }
        try {
            return new InetSocketAddress(hosts.resolve(host), endpoint.port());
        } catch (UnknownHostException | SecurityException e) {
            return InetSocketAddress.createUnresolved(host, endpoint.port());
        }
    }

    private static String stripBrackets(String address) {
        if (address.length() > 2 && address.charAt(0) == '[' && address.charAt(address.length() - 1) == ']') {
            return address.substring(1, address.length() - 1);
        }
        return address;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The endpoint's weight within its cluster (0 = drained, never picked). */
    public int weight() {
        return endpoint.weight();
    }

    /** Resolved when the address is an IP literal or its DNS lookup succeeded; never null. */
    public InetSocketAddress socketAddress() {
        return socketAddress;
    }

    public boolean isResolved() {
        return !socketAddress.isUnresolved();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Call when a request is sent to this endpoint; pair with {@link #requestFinished()}. */
    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    /** Never lets the counter go below zero, so an unpaired call cannot skew balancing for good. */
    public void requestFinished() {
        inFlight.updateAndGet(n -> n > 0 ? n - 1 : 0);
    }

    /**
     * True once a newer config no longer contains this endpoint (or its cluster was removed):
     * the connection pool then closes its idle connections to it instead of keeping them.
     */
    public boolean isRetired() {
        return retired;
    }

    void retire() {
        retired = true;
    }

    @Override
    public String toString() {
        return serverName == null ? endpoint.toString() : serverName + "@" + endpoint;
    }
}
