package io.meshgate.config;

import java.util.Set;

/** A socket the kernel listens on: HTTP (plain or TLS, optionally with TLS passthrough by SNI) or raw TCP. */
public sealed interface Listener permits HttpListener, TcpListener, MeshListener, DnsListener, TunnelListener {
    String name();

    /** IP address to bind, e.g. {@code 127.0.0.1}. */
    String address();

    /** Port to bind; 0 picks a free port (tests). */
    int port();

    /** Every cluster name this listener (and its routes) refers to; used to check references. */
    Set<String> clusterReferences();
}
