package io.meshgate.kernel.tls;

/** Where a TLS connection that is not terminated goes, decided from its SNI by {@link PassthroughTable}. */
public sealed interface PassthroughTarget {

    /** An explicit passthrough entry: relay to an endpoint of this upstream cluster. */
    record ToCluster(String cluster) implements PassthroughTarget {}

    /** Global passthrough: relay to the host named by the SNI itself, on a fixed port. */
    record ToHost(String sni, int upstreamPort) implements PassthroughTarget {}
}
