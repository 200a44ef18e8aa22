package io.meshgate.kernel.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;

/** Global passthrough did not connect: {@link RelayAddressPolicy} refused every address the SNI name resolved to. */
public final class RelayAddressRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient AddressRange range;

    /** {@code first} is the first address resolved, named in the message and counted by its range. */
    RelayAddressRefusedException(String host, InetAddress first) {
        this(host, first, AddressRange.of(first));
    }

    private RelayAddressRefusedException(String host, InetAddress first, AddressRange range) {
        super("global passthrough refused " + host + ": it resolves to no address the relay may reach (first: "
                + first.getHostAddress() + ", " + range.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")");
        this.range = range;
    }

    /** The range of the first address resolved. */
    public AddressRange range() {
        return range;
    }
}
