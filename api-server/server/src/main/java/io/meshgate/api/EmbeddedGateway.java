package io.meshgate.api;

import io.meshgate.resources.schema.IpAddresses;

import java.util.List;
import java.util.Objects;

/**
 * The ingress gateway that runs beside the control plane (the standalone stack's embedded proxy), as the
 * mesh sees it: the control plane keeps Service {@code fsm-system/fsm-ingress} and its Endpoints for it
 * ({@link EmbeddedGatewayService}), as FSM's chart has a Service of that name in front of its ingress
 * pods. An IngressBackend source {@code {kind: Service, namespace: fsm-system, name: fsm-ingress}} then
 * admits the addresses the gateway connects to backends from, the seed's way of letting only the gateway in.
 *
 * @param publicAddress   where clients reach the gateway (an IP or a host name): the Service's
 *                        {@code status.loadBalancer.ingress[0]}
 * @param sourceAddresses the IP addresses the gateway's connections to backends come from: the Endpoints'
 *                        addresses (empty: the Endpoints list none, so the source admits nobody)
 * @param httpPort        the gateway's HTTP port, the Service's port {@code http}
 * @param httpsPort       the gateway's HTTPS port, the Service's port {@code https}
 */
public record EmbeddedGateway(String publicAddress, List<String> sourceAddresses, int httpPort, int httpsPort) {
    public EmbeddedGateway {
        Objects.requireNonNull(publicAddress, "publicAddress");
        sourceAddresses = List.copyOf(sourceAddresses);
        for (String address : sourceAddresses) {
            if (!IpAddresses.isIp(address)) {
                throw new IllegalArgumentException("the embedded gateway's source address must be an IP address, got '"
                        + address + "'");
            }
        }
        for (int port : List.of(httpPort, httpsPort)) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the embedded gateway's ports must be 1..65535, got " + port);
            }
        }
    }

    /**
     * The gateway of a proxy bound to {@code bind}: its connections leave from that address when it is a
     * specific IP; bound to a wildcard (or a name) they leave from whichever address the route picks, so
     * the public address stands for it when it is an IP, else none is known.
     */
    public static EmbeddedGateway boundTo(String bind, String publicAddress, int httpPort, int httpsPort) {
        return new EmbeddedGateway(publicAddress, addressesOf(bind, publicAddress), httpPort, httpsPort);
    }

    /**
     * The IP address a process bound to {@code bind} is known by on the network: {@code bind} when it is a
     * specific IP, else {@code publicAddress} when that is an IP, else none (an empty list).
     */
    static List<String> addressesOf(String bind, String publicAddress) {
        String source = unbracketed(wildcard(bind) || !IpAddresses.isIp(unbracketed(bind)) ? publicAddress : bind);
        return IpAddresses.isIp(source) ? List.of(source) : List.of();
    }

    /** An IPv6 literal without the brackets of a URL ({@code [::1]} is {@code ::1}); anything else as it is. */
    static String unbracketed(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    private static boolean wildcard(String bind) {
        return switch (bind) {
            case "0.0.0.0", "::", "[::]", "" -> true;
            default -> false;
        };
    }
}
