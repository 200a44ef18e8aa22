/**
 * The egress gateway's tunnel listeners ({@link io.meshgate.config.TunnelListener}, FSM's
 * {@code fsm-egress-gateway} on port 1080). A caller (a sidecar whose egress goes through the gateway)
 * asks for a destination with HTTP/1.1 {@code CONNECT host:port} ({@link io.meshgate.kernel.tunnel.ConnectFrontend})
 * or a SOCKS5 request ({@link io.meshgate.kernel.tunnel.Socks5Frontend}); with mesh TLS the caller must
 * present a certificate of the mesh CA, whose DNS names are its principal ({@link io.meshgate.kernel.tunnel.Caller}).
 * The first {@link io.meshgate.config.TunnelRule} that allows (principal, host, address, port) admits the
 * tunnel ({@link io.meshgate.kernel.tunnel.TunnelPolicy}); the name is resolved and connected within the
 * listener's connect timeout ({@link io.meshgate.kernel.tunnel.TunnelConnector}), then bytes are relayed
 * both ways by {@link io.meshgate.kernel.tcp.TcpRelayHandler}. Every accepted connection ends in one
 * access-log line ({@link io.meshgate.kernel.tunnel.TunnelRecord}) and is counted
 * ({@link io.meshgate.kernel.tunnel.TunnelMetrics}). Above tls, tcp, upstream (the hosts table),
 * observe and http (response flags); below runtime, which binds the listeners.
 */
package io.meshgate.kernel.tunnel;
