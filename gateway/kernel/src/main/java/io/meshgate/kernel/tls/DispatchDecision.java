package io.meshgate.kernel.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;

/** What {@link TlsDispatchHandler} does with a connection once its ClientHello is read. */
sealed interface DispatchDecision {

    /** Relay the bytes untouched to this connected upstream. */
    record Relay(Channel upstream, String sni) implements DispatchDecision {}

    /** Terminate TLS with this context. */
    record Terminate(SslContext context, String sni) implements DispatchDecision {}

    /** Close the connection. */
    record Refuse(String reason) implements DispatchDecision {}
}
