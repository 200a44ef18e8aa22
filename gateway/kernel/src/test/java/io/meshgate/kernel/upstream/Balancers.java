package io.meshgate.kernel.upstream;

import io.meshgate.config.Endpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Helpers for the balancer tests. */
final class Balancers {
    private Balancers() {}

    /** Endpoints 10.0.0.1:80, 10.0.0.2:80, ... with the given weights. */
    static List<EndpointState> endpoints(int... weights) {
        List<EndpointState> result = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            result.add(new EndpointState(new Endpoint("10.0.0." + (i + 1), 80, weights[i])));
        }
        return result;
    }

    /** A distinct client address per index: 192.168.x.y. */
    static InetAddress client(int i) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, (byte) (i >> 8), (byte) i});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
