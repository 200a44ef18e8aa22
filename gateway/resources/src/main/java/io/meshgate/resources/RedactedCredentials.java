package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Puts credentials back into a redacted copy of an object, so that restoring an audit copy never
 * stores the {@value SecretRedactor#REDACTED} placeholder over a real key. The audit history keeps
 * no credential; the only real value left is the one stored now.
 */
public final class RedactedCredentials {

    /** A redacted credential of the copy that the current object does not have. */
    public static final class MissingCredentialException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient SensitiveField field;

        MissingCredentialException(SensitiveField field) {
            super(field + " is redacted in the audit copy and the current object has no value to keep");
            this.field = field;
        }

        /** The field, as validation errors name fields ({@code spec.kubeconfig}, {@code data[tls.key]}). */
        public String field() {
            return field.toString();
        }
    }

    private RedactedCredentials() {}

    /**
     * {@code redactedCopy} (a whole object's JSON of {@code kind}, not modified) with each redacted
     * credential replaced by the value it has in {@code current}. kubectl's last-applied annotation
     * is dropped when the current object has none: it only repeats the object.
     *
     * @param current the object as stored now, or null when it does not exist
     * @throws MissingCredentialException when a redacted credential has no current value
     */
    public static ObjectNode restore(String kind, ObjectNode redactedCopy, ObjectNode current) {
        ObjectNode restored = redactedCopy.deepCopy();
        for (SensitiveField field : SensitiveFields.in(kind, redactedCopy)) {
            if (!SecretRedactor.isRedacted(field.valueIn(redactedCopy))) {
                continue;
            }
            JsonNode now = current == null ? null : field.valueIn(current);
            if (now != null) {
                field.set(restored, now.deepCopy());
            } else if (field.copyOfTheObject()) {
                field.remove(restored);
            } else {
                throw new MissingCredentialException(field);
            }
        }
        return restored;
    }
}
