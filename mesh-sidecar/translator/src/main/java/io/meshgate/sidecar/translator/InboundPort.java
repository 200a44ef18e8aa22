package io.meshgate.sidecar.translator;

import io.meshgate.resources.Resource;
import java.util.List;

/**
 * A port the workload serves: the target port of one or more Service ports that select its Pod.
 *
 * @param port     the container port connections arrive at (the Services' {@code targetPort})
 * @param protocol how it is served: that of the first Service port (by Service name) exposing it
 * @param services the Services exposing it, in name order
 */
public record InboundPort(int port, AppProtocols protocol, List<Resource> services) {
    public InboundPort {
        services = List.copyOf(services);
    }

    /** True when one of the Services exposing this port is named {@code name}. */
    public boolean exposedBy(String name) {
        return services.stream().anyMatch(s -> s.name().equals(name));
    }
}
