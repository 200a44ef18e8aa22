package io.meshgate.kernel.runtime;

import io.meshgate.config.HttpSettings;
import io.meshgate.kernel.http.HttpListenerRuntime;
import io.meshgate.kernel.http.HttpServerInitializer;
import io.meshgate.kernel.tls.TlsDispatchHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * Sets up every connection accepted by an HTTP listener from the snapshot current at accept time:
 * TLS first (termination by SNI, or passthrough) when the listener expects TLS, otherwise cleartext
 * HTTP/1.1 or h2c with prior knowledge. A connection over the listener's cap is closed at once.
 */
final class ListenerInitializer extends ChannelInitializer<Channel> {
    private final String listenerName;
    private final ProxyRuntime runtime;
    private final ConnectionCounter counter;
    private final HttpServerInitializer http;
    private final PassthroughConnectorImpl connector;

    ListenerInitializer(String listenerName, ProxyRuntime runtime, ConnectionCounter counter,
                        PassthroughConnectorImpl connector) {
        this.listenerName = listenerName;
        this.runtime = runtime;
        this.counter = counter;
        this.http = new HttpServerInitializer(runtime);
        this.connector = connector;
    }

    @Override
    protected void initChannel(Channel ch) {
        HttpListenerRuntime listener = runtime.snapshot().httpListener(listenerName);
        if (listener == null) {
            ch.close();
            return;
        }
        HttpSettings settings = listener.config().settings();
        if (!counter.admit(ch, settings.connectionLimit())) {
            return;
        }
        if (listener.config().expectsTls()) {
            ch.pipeline().addLast("tls-dispatch", new TlsDispatchHandler(listener.tls(), listener.passthrough(),
                    connector, (channel, alpn) -> {
                        if ("h2".equals(alpn)) {
                            http.installHttp2(channel, listenerName, settings, true);
                        } else {
                            http.installHttp1(channel, listenerName, settings, true);
                        }
                    }));
            return;
        }
        if (settings.http2()) {
            http.installCleartextDetection(ch, listenerName, settings);
            return;
        }
        http.installHttp1(ch, listenerName, settings, false);
    }
}
