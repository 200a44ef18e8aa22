package io.meshgate.kernel.tls;

/** Where a TLS connection that is not terminated goes, decided from its SNI by {@link PassthroughTable}. */
public sealed interface PassthroughTarget {

    /** An explicit passthrough entry: relay to an endpoint of this upstream cluster. */
    record ToCluster(String cluster) implements PassthroughTarget {}

    /**
     * Global passthrough: relay to the host named by the SNI itself, on a fixed port.
     *
     * @param allowPrivateAddresses the listener's {@link io.meshgate.config.GlobalPassthrough} switch,
     *                              carried along so that a connection follows the config it was
     *                              dispatched by (see {@link RelayAddressPolicy})
     */
    record ToHost(String sni, int upstreamPort, boolean allowPrivateAddresses) implements PassthroughTarget {

        /** A target relayed to public addresses only. */
        public ToHost(String sni, int upstreamPort) {
            this(sni, upstreamPort, false);
        }
    }
}
