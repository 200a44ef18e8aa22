package io.meshgate.kernel.tls;

import io.netty.channel.Channel;

/**
 * Installs the HTTP handlers on a connection whose TLS handshake just succeeded. Called on the
 * channel's event loop, after {@link TlsAttributes} are set; add handlers with
 * {@code ch.pipeline().addLast(...)}. Bytes decrypted before this call are passed on to the new
 * handlers, none is lost.
 */
@FunctionalInterface
public interface HttpPipelineInstaller {

    /**
     * @param ch           the downstream channel, its {@code SslHandler} already in the pipeline
     * @param alpnProtocol {@code "h2"} or {@code "http/1.1"} (also when the client offered no ALPN)
     */
    void install(Channel ch, String alpnProtocol);
}
