package io.meshgate.kernel.tunnel;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;

/**
 * One accepted connection as its protocol handler sees it: the listener's compiled form at accept time
 * (a config swap applies to later connections only), the caller once known, and the record that becomes
 * its access-log line.
 */
final class TunnelSession {
    private final Channel channel;
    private final TunnelListenerRuntime listener;
    private final TunnelOpener opener;
    private final TunnelRecord record;
    private Caller caller;

    TunnelSession(Channel channel, TunnelListenerRuntime listener, TunnelOpener opener, TunnelRecord record) {
        this.channel = channel;
        this.listener = listener;
        this.opener = opener;
        this.record = record;
    }

    TunnelRecord record() {
        return record;
    }

    /** The caller is known: after the TLS handshake, or at accept on a plaintext listener. */
    void caller(Caller who) {
        this.caller = who;
        record.caller(who);
    }

    /** Decides and, when allowed, connects; completes on the connection's event loop. */
    Future<TunnelOutcome> open(Destination destination) {
        return opener.open(channel, listener.policy(), caller, destination, listener.config().connectTimeout());
    }
}
