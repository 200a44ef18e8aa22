package io.meshgate.kernel.upstream;

import java.net.ConnectException;

/**
 * An egress gateway did not open the tunnel asked for: a non-2xx CONNECT answer, a SOCKS5 reply other
 * than success, an answer that is not the protocol, or a connection closed before the answer. A
 * {@link ConnectException}, so the HTTP proxy answers 502 as for any upstream it could not reach; the
 * message names the destination and the gateway's reason, for the access log.
 */
public final class TunnelRefusedException extends ConnectException {
    public TunnelRefusedException(String message) {
        super(message);
    }
}
