package io.meshgate.resources.annotations;

/** The values of {@code upstream-protocol}: what the gateway speaks to an Ingress's backends. */
public enum BackendProtocol {
    /** HTTP/2 (gRPC needs it). Listed first because FSM's word list does. */
    GRPC,
    /** HTTP/1.1. */
    HTTP;

    /** The annotation's word for this value. */
    public String word() {
        return name();
    }
}
