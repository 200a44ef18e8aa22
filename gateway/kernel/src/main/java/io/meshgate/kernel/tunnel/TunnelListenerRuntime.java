package io.meshgate.kernel.tunnel;

import io.meshgate.config.TunnelListener;

/**
 * A {@link TunnelListener} compiled when its config is applied (off the event loops): the rules with
 * their CIDRs parsed, and the TLS context when the listener has mesh TLS. A config whose addresses or
 * certificates do not compile is refused whole. Each connection keeps the form current at its accept.
 */
public final class TunnelListenerRuntime {
    private final TunnelListener config;
    private final TunnelPolicy policy;
    private final TunnelServerTls tls;

    private TunnelListenerRuntime(TunnelListener config, TunnelPolicy policy, TunnelServerTls tls) {
        this.config = config;
        this.policy = policy;
        this.tls = tls;
    }

    /** @throws IllegalArgumentException when a rule's address is not a CIDR or the TLS material does not load */
    public static TunnelListenerRuntime compile(TunnelListener config) {
        TunnelPolicy policy = TunnelPolicy.compile(config);
        TunnelServerTls tls = config.tls() == null ? null : TunnelServerTls.build(config.tls());
        return new TunnelListenerRuntime(config, policy, tls);
    }

    public TunnelListener config() {
        return config;
    }

    TunnelPolicy policy() {
        return policy;
    }

    /** Null for a plaintext listener. */
    TunnelServerTls tls() {
        return tls;
    }
}
