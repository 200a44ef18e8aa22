package io.meshgate.kernel.tcp;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;

/**
 * Opens the upstream connection for a {@code TcpListener} connection (the lead's cluster code picks
 * an endpoint). Called on the client channel's event loop; must not block.
 */
@FunctionalInterface
public interface UpstreamConnector {

    /**
     * @param downstream the accepted client connection (its event loop, remote address, attributes)
     * @return a future of a connected upstream channel registered on {@code downstream.eventLoop()},
     *         with auto-read off and nothing in its pipeline that consumes reads; a failed future
     *         closes the client connection
     */
    Future<Channel> connect(Channel downstream);
}
