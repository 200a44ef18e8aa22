package io.meshgate.db;

/**
 * Guards for the identifying strings the store writes into VARCHAR(255) columns. The API server
 * validates Kubernetes naming rules; this only keeps out what would break storage or logs
 * (over-long values, control characters).
 */
final class Names {

    static final int MAX_LENGTH = 253;

    private Names() {
    }

    /** Checks kind / namespace / name of an object key; {@code namespace} may be empty (cluster scoped). */
    static void checkKey(String kind, String namespace, String name) {
        checkPart("kind", kind, false);
        checkPart("namespace", namespace, true);
        checkPart("name", name, false);
    }

    static void checkPart(String what, String value, boolean mayBeEmpty) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (!mayBeEmpty && value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        checkLength(what, value);
    }

    static void checkLength(String what, String value) {
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(what + " contains a control character");
            }
        }
    }
}
