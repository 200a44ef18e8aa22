package io.meshgate.config;

import java.util.List;
import java.util.Locale;

/** TLS connections whose SNI is one of {@code serverNames} (exact or {@code *.suffix}) go untouched to {@code cluster}. */
public record SniPassthrough(List<String> serverNames, String cluster) {
    public SniPassthrough {
        serverNames = Checks.list(serverNames).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        if (serverNames.isEmpty()) {
            throw new IllegalArgumentException("passthrough needs at least one server name");
        }
        Checks.name(cluster, "passthrough.cluster");
    }
}
