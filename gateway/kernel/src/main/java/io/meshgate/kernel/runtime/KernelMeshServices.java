package io.meshgate.kernel.runtime;

import io.meshgate.kernel.http.HttpServerInitializer;
import io.meshgate.kernel.mesh.MeshServices;
import io.meshgate.kernel.observe.AccessLog;
import io.meshgate.kernel.observe.KernelMetrics;
import io.meshgate.kernel.upstream.UpstreamCluster;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;

/** The running kernel as mesh connections use it: its connectors, HTTP pipelines, metrics and access log. */
final class KernelMeshServices implements MeshServices {
    private final ProxyRuntime runtime;
    private final PassthroughConnectorImpl connector;
    private final HttpServerInitializer http;

    KernelMeshServices(ProxyRuntime runtime, PassthroughConnectorImpl connector) {
        this.runtime = runtime;
        this.connector = connector;
        this.http = new HttpServerInitializer(runtime);
    }

    @Override
    public Future<Channel> connectToCluster(String cluster, Channel downstream) {
        return connector.connectToCluster(cluster, downstream);
    }

    @Override
    public Future<Channel> connectToAddress(InetSocketAddress address, Channel downstream) {
        return connector.connectToAddress(address, downstream);
    }

    @Override
    public UpstreamCluster cluster(String name) {
        return runtime.snapshot().cluster(name);
    }

    @Override
    public HttpServerInitializer http() {
        return http;
    }

    @Override
    public KernelMetrics metrics() {
        return runtime.metrics();
    }

    @Override
    public AccessLog accessLog() {
        return runtime.accessLog();
    }
}
