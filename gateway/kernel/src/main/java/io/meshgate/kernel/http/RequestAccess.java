package io.meshgate.kernel.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Who may send a request on a listener: asked once per request, after the request head is
 * normalised and before it is routed, so a denied request never reaches a route's filters or an
 * upstream. A denied request is answered 403 by the proxy. Mesh listeners set one per destination
 * rule (its access grants); ordinary HTTP listeners have none. Declared here so the HTTP proxy does not
 * depend on the mesh code that implements it.
 */
@FunctionalInterface
public interface RequestAccess {

    /**
     * @param connection the downstream connection (an HTTP/2 stream's parent): where the peer's
     *                   identity was recorded when it connected
     * @param path       canonical request path, without the query
     * @param method     upper-case method name
     * @param headers    the request headers as the upstream would see them
     * @return null when the request may proceed; otherwise why it may not
     */
    Denial check(Channel connection, String path, String method, HttpHeaders headers);

    /**
     * A refused request.
     *
     * @param listener the listener to count the denial under (a mesh listener's name)
     * @param rule     the destination rule whose access refused it
     * @param reason   a short fixed phrase, one of a few per rule (metrics tag and access-log details)
     */
    record Denial(String listener, String rule, String reason) {}
}
