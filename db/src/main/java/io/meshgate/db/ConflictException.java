package io.meshgate.db;

/**
 * A write found a different state than the caller expected: another resourceVersion, an object that
 * already exists, or one that is gone. The whole write transaction has been rolled back. The API
 * server maps it to 409 (or 412 for If-Match).
 */
public class ConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Long expectedResourceVersion;
    private final Long actualResourceVersion;

    public ConflictException(String message) {
        this(message, null, null);
    }

    private ConflictException(String message, Long expected, Long actual) {
        super(message);
        this.expectedResourceVersion = expected;
        this.actualResourceVersion = actual;
    }

    /** The object {@code kind ns/name} is at {@code actual} (null = absent) instead of {@code expected}. */
    static ConflictException versionMismatch(String kind, String namespace, String name, long expected, Long actual) {
        String who = kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
        String message;
        if (expected == 0) {
            message = who + " already exists (resourceVersion " + actual + ")";
        } else if (actual == null) {
            message = who + " does not exist (expected resourceVersion " + expected + ")";
        } else {
            message = who + " has resourceVersion " + actual + ", expected " + expected
                    + ": it was modified, re-read and retry";
        }
        return new ConflictException(message, expected, actual);
    }

    /** The version the caller expected ({@code 0} = must not exist), or null when not a version check. */
    public Long expectedResourceVersion() {
        return expectedResourceVersion;
    }

    /** The version found ({@code null} = the object does not exist or not a version check). */
    public Long actualResourceVersion() {
        return actualResourceVersion;
    }
}
