package io.meshgate.sidecar.runtime;

/**
 * The control plane answered the registration with a client error other than 429 (a bad token, a
 * token of another namespace or service account, a workload it does not accept): asking again would
 * get the same answer, so the sidecar stops with the server's message.
 */
public final class RegistrationRefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public RegistrationRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the control plane answered (0 when the answer itself was unusable, or there was no token to send). */
    public int status() {
        return status;
    }
}
