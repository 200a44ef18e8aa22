package io.meshgate.kernel.runtime;

import io.meshgate.kernel.mesh.MeshConnections;
import io.meshgate.kernel.mesh.MeshListenerRuntime;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * Sets up every connection accepted by a mesh listener from the snapshot current at accept time (the
 * connection keeps that listener's rules for its life). A connection over the listener's cap is
 * closed at once; the rest is {@link MeshConnections}' job.
 */
final class MeshListenerInitializer extends ChannelInitializer<Channel> {
    private final String listenerName;
    private final ProxyRuntime runtime;
    private final ConnectionCounter counter;
    private final MeshConnections connections;

    MeshListenerInitializer(String listenerName, ProxyRuntime runtime, ConnectionCounter counter,
                            MeshConnections connections) {
        this.listenerName = listenerName;
        this.runtime = runtime;
        this.counter = counter;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel ch) {
        MeshListenerRuntime mesh = runtime.snapshot().meshListener(listenerName);
        if (mesh == null) {
            ch.close();
            return;
        }
        if (!counter.admit(ch, mesh.config().settings().connectionLimit())) {
            return;
        }
        connections.accept(ch, mesh);
    }
}
