package io.meshgate.kernel.runtime;

import io.meshgate.config.HttpSettings;
import io.meshgate.kernel.tunnel.TunnelConnections;
import io.meshgate.kernel.tunnel.TunnelListenerRuntime;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * Sets up every connection accepted by a tunnel listener from the snapshot current at accept time (a
 * config swap changes the rules for later connections; open tunnels keep theirs). A connection over
 * the cap (tunnel listeners have no settings: the HTTP default, as for TCP listeners) is closed at once.
 */
final class TunnelListenerInitializer extends ChannelInitializer<Channel> {
    private final String listenerName;
    private final ProxyRuntime runtime;
    private final ConnectionCounter counter;
    private final TunnelConnections connections;

    TunnelListenerInitializer(String listenerName, ProxyRuntime runtime, ConnectionCounter counter,
                              TunnelConnections connections) {
        this.listenerName = listenerName;
        this.runtime = runtime;
        this.counter = counter;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel ch) {
        TunnelListenerRuntime tunnel = runtime.snapshot().tunnelListener(listenerName);
        if (tunnel == null) {
            ch.close();
            return;
        }
        if (!counter.admit(ch, HttpSettings.DEFAULT_MAX_CONNECTIONS)) {
            return;
        }
        connections.accept(ch, tunnel);
    }
}
