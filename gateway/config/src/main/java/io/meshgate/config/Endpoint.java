package io.meshgate.config;

/** One upstream address; {@code weight} scales its share within its cluster (0 = drained). */
public record Endpoint(String address, int port, int weight) {
    public Endpoint {
        Checks.name(address, "endpoint.address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint.port must be 1..65535, got " + port);
        }
        if (weight < 0) {
            throw new IllegalArgumentException("endpoint.weight must be >= 0, got " + weight);
        }
    }

    public static Endpoint of(String address, int port) {
        return new Endpoint(address, port, 1);
    }

    @Override
    public String toString() {
        return address + ":" + port;
    }
}
