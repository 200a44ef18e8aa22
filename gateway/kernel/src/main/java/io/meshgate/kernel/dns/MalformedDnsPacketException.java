package io.meshgate.kernel.dns;

/** A datagram that is not a DNS query this server can read; it is dropped without an answer. */
final class MalformedDnsPacketException extends RuntimeException {
    MalformedDnsPacketException(String message) {
        super(message, null, false, false);
    }
}
