package io.meshgate.kernel.tls;

import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The {@link PassthroughConnector} for global passthrough: connects to the host the SNI names, on
 * the configured port. Name resolution is blocking in the JDK, so it runs on a separate executor
 * (virtual threads by default), never on the event loop; the addresses {@link RelayAddressPolicy}
 * permits are tried in order until one accepts. When it permits none, the connection is refused and
 * reported (a counter, a warning once per name). The address checked is the address connected to:
 * there is no second lookup a DNS answer could change in between. It refuses
 * {@link PassthroughTarget.ToCluster} targets: clusters are the cluster connector's job.
 */
public final class DirectHostConnector implements PassthroughConnector {

    /** Resolves a host name to addresses; may block (it runs on the resolver executor). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        /**
         * True when the operator pinned {@code host} (a hosts file): its addresses are then relayed to
         * whatever their range. Plain DNS pins nothing.
         */
        default boolean pinnedByOperator(String host) {
            return false;
        }
    }

    private final Executor resolverExecutor;
    private final Resolver resolver;
    private final int connectTimeoutMillis;
    private final RelayRefusalReporter refusals;

    /** Refusals are logged but not counted. */
    public DirectHostConnector(Executor resolverExecutor, Resolver resolver, Duration connectTimeout) {
        this(resolverExecutor, resolver, connectTimeout, range -> { });
    }

    /**
     * @param refusalCounter told the range of the first refused address each time a relay is refused
     *                       by {@link RelayAddressPolicy}; called on the resolver executor
     */
    public DirectHostConnector(Executor resolverExecutor, Resolver resolver, Duration connectTimeout,
                               Consumer<AddressRange> refusalCounter) {
        this.resolverExecutor = Objects.requireNonNull(resolverExecutor, "resolverExecutor");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.refusals = new RelayRefusalReporter(refusalCounter);
    }

    /** The JDK resolver on virtual threads, 5 s connect timeout per address. */
    public static DirectHostConnector create() {
        return create(host -> Arrays.asList(InetAddress.getAllByName(host)));
    }

    /** {@code resolver} (e.g. a hosts table before DNS) on virtual threads, 5 s connect timeout per address. */
    public static DirectHostConnector create(Resolver resolver) {
        return create(resolver, range -> { });
    }

    /** As {@link #create(Resolver)}, counting refused relays in {@code refusalCounter}. */
    public static DirectHostConnector create(Resolver resolver, Consumer<AddressRange> refusalCounter) {
        return new DirectHostConnector(Executors.newVirtualThreadPerTaskExecutor(), resolver, Duration.ofSeconds(5),
                refusalCounter);
    }

    @Override
    public Future<Channel> connect(PassthroughTarget target, Channel downstream) {
        EventLoop loop = downstream.eventLoop();
        if (!(target instanceof PassthroughTarget.ToHost host)) {
            return loop.newFailedFuture(new IllegalArgumentException("DirectHostConnector only connects to hosts, not " + target));
        }
        Promise<Channel> promise = loop.newPromise();
        try {
            resolverExecutor.execute(() -> {
                try {
                    List<InetAddress> addresses = permittedAddresses(host);
                    loop.execute(() -> connect(loop, addresses, 0, host.upstreamPort(), promise));
                } catch (Exception e) {
                    promise.tryFailure(e);
                }
            });
        } catch (RuntimeException rejected) {
            promise.tryFailure(rejected);
        }
        return promise;
    }

    private List<InetAddress> permittedAddresses(PassthroughTarget.ToHost host) throws IOException {
        List<InetAddress> resolved = resolver.resolve(host.sni());
        if (resolved.isEmpty()) {
            throw new UnknownHostException(host.sni());
        }
        var policy = new RelayAddressPolicy(resolver.pinnedByOperator(host.sni()), host.allowPrivateAddresses());
        List<InetAddress> permitted = policy.permitted(resolved);
        if (permitted.isEmpty()) {
            var refusal = new RelayAddressRefusedException(host.sni(), resolved.getFirst());
            refusals.refused(refusal, host.sni());
            throw refusal;
        }
        return permitted;
    }

    private void connect(EventLoop loop, List<InetAddress> addresses, int index, int port, Promise<Channel> promise) {
        if (promise.isDone()) {
            return;
        }
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(Transports.clientChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(new InetSocketAddress(addresses.get(index), port));
        connect.addListener(f -> {
            if (f.isSuccess()) {
                if (!promise.trySuccess(connect.channel())) {
                    connect.channel().close();
                }
            } else if (index + 1 < addresses.size()) {
                connect(loop, addresses, index + 1, port, promise);
            } else {
                promise.tryFailure(f.cause());
            }
        });
    }
}
