package io.meshgate.sidecar.injector;

/**
 * The pod cannot be admitted as written: an injection annotation has a value FSM does not accept,
 * or an exclusion-list annotation holds an entry that is not a CIDR or a port. The message names
 * the annotation and the entry; the webhook answers {@code allowed: false} with it, as FSM's does.
 */
public final class InjectionRefusedException extends RuntimeException {
    private final String field;

    public InjectionRefusedException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The field path of the offending value, e.g. {@code metadata.annotations[flomesh.io/sidecar-injection]}. */
    public String field() {
        return field;
    }
}
