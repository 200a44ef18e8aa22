package io.meshgate.kernel.tunnel;

/** Why a tunnel's destination could not be reached; the kind picks the answer (502/504, SOCKS5 0x04/0x05). */
final class TunnelConnectException extends Exception {

    enum Kind {
        /** The name has no address (or the lookup failed). */
        UNRESOLVED("cannot resolve"),
        /** Every address refused the connection. */
        REFUSED("connection refused"),
        /** No route, network down, reset during connect. */
        UNREACHABLE("unreachable"),
        /** The connect timeout passed (resolving and connecting share it). */
        TIMEOUT("connect timeout");

        private final String phrase;

        Kind(String phrase) {
            this.phrase = phrase;
        }

        /** A fixed phrase for counters and log lines. */
        String phrase() {
            return phrase;
        }
    }

    private final Kind kind;

    TunnelConnectException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
