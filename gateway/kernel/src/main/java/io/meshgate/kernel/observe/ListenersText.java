package io.meshgate.kernel.observe;

import io.meshgate.config.Listener;
import io.meshgate.config.ProxyConfig;
import java.util.function.ToIntFunction;

/**
 * {@code /listeners}: Envoy's (and FSM's) format, one {@code <name>::<address>:<port>} line per
 * listener, e.g. {@code outbound::0.0.0.0:15001}, with the port actually bound (a config may ask
 * for 0).
 */
final class ListenersText {
    private ListenersText() {}

    /** @param boundPort the bound port of a listener by name, or -1 when the kernel does not know it */
    static String render(ProxyConfig config, ToIntFunction<String> boundPort) {
        StringBuilder out = new StringBuilder();
        for (Listener l : config.listeners()) {
            int bound = boundPort.applyAsInt(l.name());
            String host = l.address().indexOf(':') >= 0 ? "[" + l.address() + "]" : l.address();
            out.append(oneLine(l.name())).append("::").append(oneLine(host)).append(':')
                    .append(bound > 0 ? bound : l.port()).append('\n');
        }
        return out.toString();
    }

    private static String oneLine(String value) {
        return value.replace('\r', ' ').replace('\n', ' ');
    }
}
