package io.meshgate.sidecar.translator;

import io.meshgate.config.Cluster;
import io.meshgate.config.DestinationRule.AppProtocol;
import java.util.Locale;

/**
 * How a Service port's {@code appProtocol} is served, FSM's way: unset or {@code http} is HTTP (FSM's
 * default), {@code tcp} and {@code tcp-server-first} are relayed bytes. Meshgate adds {@code grpc}
 * (and {@code h2c}, {@code kubernetes.io/h2c}): HTTP whose upstream speaks HTTP/2. Any other value
 * ({@code https}, {@code kubernetes.io/ws} ...) is relayed as TCP: bytes pass untouched where
 * parsing them as HTTP could break them.
 *
 * @param rule     the destination rule's protocol
 * @param upstream the cluster's protocol (HTTP rules only; TCP ignores it)
 */
public record AppProtocols(AppProtocol rule, Cluster.UpstreamProtocol upstream) {
    private static final AppProtocols HTTP1 = new AppProtocols(AppProtocol.HTTP, Cluster.UpstreamProtocol.HTTP1);
    private static final AppProtocols HTTP2 = new AppProtocols(AppProtocol.HTTP, Cluster.UpstreamProtocol.HTTP2);
    private static final AppProtocols TCP = new AppProtocols(AppProtocol.TCP, Cluster.UpstreamProtocol.HTTP1);
    private static final AppProtocols SERVER_FIRST =
            new AppProtocols(AppProtocol.TCP_SERVER_FIRST, Cluster.UpstreamProtocol.HTTP1);

    /** The protocol of a Service port's {@code appProtocol} (null or blank = unset). */
    public static AppProtocols of(String appProtocol) {
        if (appProtocol == null || appProtocol.isBlank()) {
            return HTTP1;
        }
        return switch (appProtocol.toLowerCase(Locale.ROOT)) {
            case "http" -> HTTP1;
            case "grpc", "h2c", "kubernetes.io/h2c" -> HTTP2;
            case "tcp-server-first" -> SERVER_FIRST;
            default -> TCP;
        };
    }
}
