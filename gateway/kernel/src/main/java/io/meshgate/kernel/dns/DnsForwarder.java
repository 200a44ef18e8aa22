package io.meshgate.kernel.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Asks upstream resolvers a query this server has no record for. */
interface DnsForwarder {

    /**
     * Sends {@code query} to {@code upstreams} in order, giving each {@code perTry} to answer, and calls
     * exactly one method of {@code callback}, on {@code loop}.
     */
    void forward(EventLoop loop, DnsQuery query, List<InetSocketAddress> upstreams, Duration perTry, Callback callback);

    interface Callback {
        /**
         * An upstream answered; {@code response} (the upstream's message, any id) belongs to the callee,
         * which must release it.
         */
        void answered(ByteBuf response);

        /** No upstream answered usefully; {@code why} says what happened to the last try. */
        void failed(String why);
    }
}
