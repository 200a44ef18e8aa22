package io.meshgate.kernel.filter;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-request facts and scratch space shared by the filters of one exchange. Not thread-safe: it
 * lives on one event loop for one request.
 */
public final class FilterContext {
    private final String listener;
    private final String route;
    private final InetSocketAddress clientAddress;
    private final boolean secure;
    private final String host;
    private Map<Object, Object> attributes; // most requests never use one: allocated on first put

    public FilterContext(String listener, String route, InetSocketAddress clientAddress, boolean secure) {
        this(listener, route, clientAddress, secure, "");
    }

    /**
     * @param host the host the request was routed by: lowercased, without port or trailing dot, an IPv6
     *             literal in brackets; empty when the request named none
     */
    public FilterContext(String listener, String route, InetSocketAddress clientAddress, boolean secure, String host) {
        this.listener = listener;
        this.route = route;
        this.clientAddress = clientAddress;
        this.secure = secure;
        this.host = host == null ? "" : host;
    }

    public String listener() {
        return listener;
    }

    public String route() {
        return route;
    }

    public InetSocketAddress clientAddress() {
        return clientAddress;
    }

    /** True when the client connection is TLS. */
    public boolean secure() {
        return secure;
    }

    /** The host the request was routed by (validated, lowercased, no port); empty when it named none. */
    public String host() {
        return host;
    }

    @SuppressWarnings("unchecked")
    public <T> T attribute(Object key) {
        return attributes == null ? null : (T) attributes.get(key);
    }

    public void attribute(Object key, Object value) {
        if (attributes == null) {
            attributes = new HashMap<>(4);
        }
        attributes.put(key, value);
    }
}
