package io.meshgate.kernel.tls;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;

/**
 * Opens the upstream connection of a TLS passthrough. Called on the downstream channel's event loop;
 * must not block.
 */
@FunctionalInterface
public interface PassthroughConnector {

    /**
     * Connects to the target.
     *
     * @param target     where to relay
     * @param downstream the client connection (for its event loop, addresses and attributes)
     * @return a future of a connected upstream channel registered on {@code downstream.eventLoop()},
     *         with auto-read off and nothing in its pipeline that consumes reads (the relay installs
     *         its own handler); a failed future closes the client connection
     */
    Future<Channel> connect(PassthroughTarget target, Channel downstream);
}
