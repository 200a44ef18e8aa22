package io.meshgate.ca;

/**
 * A certificate signing request the CA will not sign: unreadable, badly signed, asking to be a CA,
 * a weak key, or no usable names. The message says which, without echoing the request.
 */
public final class CsrRejectedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public CsrRejectedException(String message) {
        super(message);
    }

    public CsrRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
