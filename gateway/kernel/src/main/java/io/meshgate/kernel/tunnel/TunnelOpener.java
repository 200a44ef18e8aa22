package io.meshgate.kernel.tunnel;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Opens one tunnel: asks the policy, resolves the name when it must (to decide by address, or to
 * connect), asks again with the addresses, keeps "any destination" off the gateway's own host, and
 * connects to exactly the addresses it judged (never to a second answer for the same name). Resolving
 * and connecting share the listener's connect timeout. The outcome completes on the caller's event loop.
 */
final class TunnelOpener {
    private final TunnelConnector connector;

    TunnelOpener(TunnelConnector connector) {
        this.connector = connector;
    }

    Future<TunnelOutcome> open(Channel caller, TunnelPolicy policy, Caller who, Destination destination,
                               Duration connectTimeout) {
        EventLoop loop = caller.eventLoop();
        Promise<TunnelOutcome> outcome = loop.newPromise();
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        TunnelDecision first = policy.decide(who, destination, null);
        if (first instanceof TunnelDecision.Denied denied) {
            return outcome.setSuccess(new TunnelOutcome.Denied(denied));
        }
        if (destination.literal() != null) {
            connect(loop, first, List.of(destination.literal()), destination, deadline, outcome);
            return outcome;
        }
        connector.resolve(loop, destination.host(), deadline).addListener(f -> {
            if (f.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<InetAddress> addresses = (List<InetAddress>) f.getNow();
                TunnelDecision decision = first instanceof TunnelDecision.NeedsAddresses
                        ? policy.decide(who, destination, addresses) : first;
                connect(loop, decision, addresses, destination, deadline, outcome);
                return;
            }
            TunnelConnectException failure = f.cause() instanceof TunnelConnectException e ? e
                    : new TunnelConnectException(TunnelConnectException.Kind.UNRESOLVED,
                            "cannot resolve " + destination.host() + ": " + f.cause(), f.cause());
            // a name without addresses lies in no range: the rules decide without the address rules
            TunnelDecision decision = first instanceof TunnelDecision.NeedsAddresses
                    ? policy.decide(who, destination, List.of()) : first;
            outcome.setSuccess(switch (decision) {
                case TunnelDecision.Denied denied -> new TunnelOutcome.Denied(denied);
                case TunnelDecision.Allowed allowed -> new TunnelOutcome.Failed(failure, allowed.rule());
                case TunnelDecision.NeedsAddresses needs -> throw new IllegalStateException("decided with addresses");
            });
        });
        return outcome;
    }

    private void connect(EventLoop loop, TunnelDecision decision, List<InetAddress> addresses, Destination destination,
                         long deadline, Promise<TunnelOutcome> outcome) {
        TunnelDecision.Allowed allowed = switch (decision) {
            case TunnelDecision.Denied denied -> {
                outcome.setSuccess(new TunnelOutcome.Denied(denied));
                yield null;
            }
            case TunnelDecision.Allowed a -> a;
            case TunnelDecision.NeedsAddresses needs -> throw new IllegalStateException("decided with addresses");
        };
        if (allowed == null) {
            return;
        }
        if (!allowed.named()) {
            TunnelDecision.Denied local = TunnelPolicy.guard(destination, addresses);
            if (local != null) {
                outcome.setSuccess(new TunnelOutcome.Denied(local));
                return;
            }
        }
        connector.connect(loop, addresses, destination.port(), deadline).addListener(f -> {
            if (f.isSuccess()) {
                Channel upstream = (Channel) f.getNow();
                if (!outcome.trySuccess(new TunnelOutcome.Opened(upstream, allowed.rule()))) {
                    upstream.close();
                }
            } else {
                TunnelConnectException failure = f.cause() instanceof TunnelConnectException e ? e
                        : new TunnelConnectException(TunnelConnectException.Kind.UNREACHABLE,
                                "connecting to " + destination.authority() + ": " + f.cause(), f.cause());
                outcome.setSuccess(new TunnelOutcome.Failed(failure, allowed.rule()));
            }
        });
    }
}
