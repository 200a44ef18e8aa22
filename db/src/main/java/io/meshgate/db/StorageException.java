package io.meshgate.db;

/**
 * The database failed (unreachable, constraint broken, migration failed, ...). The API server maps
 * it to 503: the request may succeed later, and nothing was committed.
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
