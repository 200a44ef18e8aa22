package io.meshgate.kernel.mesh;

import io.meshgate.config.DestinationRule;
import io.meshgate.config.MeshListener;
import io.meshgate.kernel.filter.FilterRegistry;
import io.meshgate.kernel.http.HttpListenerRuntime;
import io.meshgate.kernel.tls.MeshServerTls;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiled form of one {@link MeshListener}: its rules in order and, inbound, its TLS. Built off
 * the event loops when a config is applied; immutable. A connection keeps the instance it was
 * accepted with, so a config swap never changes which rule serves an open connection (an HTTP
 * rule's requests still pick up the new routes and access, by name, as HTTP listeners do).
 */
public final class MeshListenerRuntime {
    private final MeshListener config;
    private final List<CompiledRule> rules;
    private final MeshServerTls tls;

    private MeshListenerRuntime(MeshListener config, List<CompiledRule> rules, MeshServerTls tls) {
        this.config = config;
        this.rules = rules;
        this.tls = tls;
    }

    /**
     * @throws IllegalArgumentException naming the rule (or the TLS material) that does not compile
     */
    public static MeshListenerRuntime compile(MeshListener listener, FilterRegistry filters) {
        List<CompiledRule> rules = new ArrayList<>();
        for (DestinationRule rule : listener.destinations()) {
            rules.add(CompiledRule.compile(listener, rule, filters));
        }
        MeshServerTls tls = listener.tls() == null ? null : MeshServerTls.build(listener.tls(), listener.settings().http2());
        return new MeshListenerRuntime(listener, List.copyOf(rules), tls);
    }

    public MeshListener config() {
        return config;
    }

    /** The HTTP listeners of the HTTP rules, to be served by name like any HTTP listener. */
    public List<HttpListenerRuntime> httpRules() {
        return rules.stream().filter(CompiledRule::isHttp).map(CompiledRule::http).toList();
    }

    /** The first rule that selects {@code original}, or null. */
    CompiledRule select(InetSocketAddress original) {
        for (CompiledRule rule : rules) {
            if (rule.selects(original.getAddress(), original.getPort())) {
                return rule;
            }
        }
        return null;
    }

    /**
     * The first rule that selects {@code original} and accepts the TLS server name {@code sni} (null:
     * none was read or the ClientHello had none), or null: rules with server names are skipped unless
     * they list it.
     */
    CompiledRule select(InetSocketAddress original, String sni) {
        for (CompiledRule rule : rules) {
            if (rule.selects(original.getAddress(), original.getPort()) && rule.acceptsServerName(sni)) {
                return rule;
            }
        }
        return null;
    }

    /** Inbound TLS termination; null when the listener terminates none. */
    MeshServerTls tls() {
        return tls;
    }
}
