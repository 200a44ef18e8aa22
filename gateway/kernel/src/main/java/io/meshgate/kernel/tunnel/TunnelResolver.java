package io.meshgate.kernel.tunnel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** How tunnel destinations' names are resolved (the kernel passes its hosts table, then DNS); may block. */
@FunctionalInterface
public interface TunnelResolver {
    List<InetAddress> resolveAll(String host) throws UnknownHostException;
}
