package io.meshgate.config;

import java.util.List;

/**
 * Who may use a {@link DestinationRule}: a connection (TCP) or request (HTTP) is let through when
 * at least one grant admits it; otherwise a TCP connection is closed at once and an HTTP request
 * is answered 403 (FSM's behaviour for SMI access). An access with no grants admits nobody.
 */
public record Access(List<AccessGrant> grants) {
    public Access {
        grants = Checks.list(grants);
    }

    /** Nobody: every connection and request is refused. */
    public static final Access NOBODY = new Access(List.of());
}
