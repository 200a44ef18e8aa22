package io.meshgate.config.json;

import io.meshgate.config.DnsListener;
import io.meshgate.config.HttpListener;
import io.meshgate.config.Listener;
import io.meshgate.config.MeshListener;
import io.meshgate.config.TcpListener;
import io.meshgate.config.TunnelListener;
import java.util.Map;

/**
 * The JSON names of the listener records: the value of their {@code "type"} property. A new listener
 * record adds one line here ({@link ConfigCodecs} refuses to start when a permitted subclass of the
 * sealed {@link Listener} has no name).
 */
final class ListenerTypes {
    private ListenerTypes() {}

    static final Map<String, Class<? extends Listener>> BY_TYPE = Map.of(
            "http", HttpListener.class,
            "tcp", TcpListener.class,
            "mesh", MeshListener.class,
            "dns", DnsListener.class,
            "tunnel", TunnelListener.class);
}
