/**
 * Downstream TLS for HTTP listeners: the fixed protocol and cipher policy ({@link io.meshgate.kernel.tls.TlsPolicy}),
 * one server context per certificate chosen by SNI with per-host client-certificate checks
 * ({@link io.meshgate.kernel.tls.ServerTlsContexts}, {@link io.meshgate.kernel.tls.ClientChainTrustManager}),
 * and the first handler of a TLS listener, which reads the ClientHello and either relays the
 * connection untouched (passthrough by SNI, {@link io.meshgate.kernel.tls.PassthroughTable}) or
 * terminates TLS and hands the connection to the HTTP pipeline
 * ({@link io.meshgate.kernel.tls.TlsDispatchHandler}).
 *
 * <p>Security choices, each with a test: TLS 1.2/1.3 with ECDHE and AEAD only; a fragmented
 * ClientHello is reassembled before the SNI is read, so it cannot fall back to a more permissive
 * default; client-certificate depth follows OpenSSL/nginx; {@link io.meshgate.kernel.tls.ServerTlsContexts#misdirected}
 * lets HTTP answer 421 when Host and SNI disagree about an mTLS host; global passthrough relays only
 * allow-listed DNS names, never an address the client chose, and only to public addresses unless the
 * operator pinned the name or allowed private ranges ({@link io.meshgate.kernel.tls.RelayAddressPolicy}).
 *
 * <p>It knows nothing of HTTP or of clusters: the caller supplies how to install the HTTP pipeline
 * ({@link io.meshgate.kernel.tls.HttpPipelineInstaller}) and how to reach a passthrough target
 * ({@link io.meshgate.kernel.tls.PassthroughConnector}).
 */
package io.meshgate.kernel.tls;
