package io.meshgate.kernel.transparent;

/**
 * The original destination of a connection could not be read: the transport cannot ask the socket
 * (NIO, or not Linux: {@link #transportUnsupported()}), or the Linux kernel has no NAT record for the
 * connection (it was not redirected, or connection tracking is not loaded). The message says which,
 * for the log line of the connection that is closed because of it.
 */
public final class OriginalDestinationException extends Exception {
    private final boolean transportUnsupported;

    OriginalDestinationException(String message, boolean transportUnsupported) {
        super(message);
        this.transportUnsupported = transportUnsupported;
    }

    OriginalDestinationException(String message, Throwable cause) {
        super(message, cause);
        this.transportUnsupported = false;
    }

    /** A public constructor for connections that have no answer for another reason (tests, callers). */
    public OriginalDestinationException(String message) {
        this(message, false);
    }

    /** True when no connection of this transport can ever answer: a configuration problem, not traffic. */
    public boolean transportUnsupported() {
        return transportUnsupported;
    }
}
