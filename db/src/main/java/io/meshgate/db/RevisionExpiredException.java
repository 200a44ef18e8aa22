package io.meshgate.db;

/**
 * The events after the requested revision have been trimmed from the event log: the watcher must
 * list again and watch from the list's revision (the API server maps it to 410 Gone).
 */
public class RevisionExpiredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long requestedRevision;

    public RevisionExpiredException(long requestedRevision) {
        super("resourceVersion " + requestedRevision + " is too old: events since then are no longer kept, list again");
        this.requestedRevision = requestedRevision;
    }

    /** The revision the watcher asked to resume from. */
    public long requestedRevision() {
        return requestedRevision;
    }
}
