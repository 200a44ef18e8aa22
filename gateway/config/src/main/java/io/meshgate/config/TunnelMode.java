package io.meshgate.config;

/**
 * An egress gateway's protocol, FSM's two modes: {@code CONNECT} is HTTP/1.1 {@code CONNECT host:port}
 * ({@code http2tunnel}), {@code SOCKS5} is RFC 1928 without authentication methods beyond "none"
 * ({@code sock5}; the caller is known by its TLS certificate, not by a SOCKS user name).
 */
public enum TunnelMode { CONNECT, SOCKS5 }
