package io.meshgate.kernel.tls;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tells the operator about relays {@link RelayAddressPolicy} refused: each one goes to a counter,
 * while the WARNING is logged once per name, so that a client retrying in a loop cannot flood the
 * log. Remembered names are capped: a wildcard allow-list admits any number of them.
 */
final class RelayRefusalReporter {
    static final int MAX_WARNED_NAMES = 1024;
    private static final System.Logger LOG = System.getLogger(RelayRefusalReporter.class.getName());

    private final Consumer<AddressRange> counter;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    RelayRefusalReporter(Consumer<AddressRange> counter) {
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    void refused(RelayAddressRefusedException refusal, String host) {
        counter.accept(refusal.range());
        if (warned.size() < MAX_WARNED_NAMES && warned.add(host)) {
            LOG.log(System.Logger.Level.WARNING, () -> refusal.getMessage()
                    + "; pin the name in the kernel's hosts file, or set allowPrivateAddresses for private ranges,"
                    + " if that is intended (logged once per name)");
        } else {
            LOG.log(System.Logger.Level.DEBUG, refusal::getMessage);
        }
    }
}
