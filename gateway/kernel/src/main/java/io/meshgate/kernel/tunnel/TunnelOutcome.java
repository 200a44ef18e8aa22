package io.meshgate.kernel.tunnel;

import io.netty.channel.Channel;

/** How a tunnel request ended: open to its destination, refused by the rules, or unreachable. */
sealed interface TunnelOutcome {

    /** Connected: {@code upstream} is on the caller's event loop, auto-read off, nothing in its pipeline. */
    record Opened(Channel upstream, String rule) implements TunnelOutcome {}

    record Denied(TunnelDecision.Denied denial) implements TunnelOutcome {}

    /** A rule allowed it, but the destination could not be resolved or connected in time. */
    record Failed(TunnelConnectException cause, String rule) implements TunnelOutcome {}
}
