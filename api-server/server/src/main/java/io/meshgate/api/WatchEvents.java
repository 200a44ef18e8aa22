package io.meshgate.api;

import io.meshgate.db.ChangeEvent;
import io.meshgate.db.EventLog;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.RevisionExpiredException;
import java.util.List;

/**
 * What {@code GET /api/v1/watch} follows: the store's event log in standalone mode, the changes the
 * informers observe in Kubernetes mode ({@link ObservedWatchEvents}). Both number their events with
 * consecutive ids, so a watch resumes after the last id it saw.
 */
interface WatchEvents {

    /** The id of the newest event: a watch without a resume id starts after it. */
    long current();

    /**
     * Events with an id greater than {@code after}, oldest first, at most {@code max}.
     *
     * @throws RevisionExpiredException when some of them are no longer kept (or {@code after} is no id of this source)
     */
    List<ChangeEvent> since(long after, int max);

    /** Why a resume id expired and what the client should do, for the 410 answer ("resourceVersion N " + this). */
    String relistAdvice();

    /** The store's event log: ids are the store's revisions. */
    static WatchEvents of(EventLog events, ResourceStore store) {
        return new WatchEvents() {
            @Override
            public long current() {
                return store.currentRevision();
            }

            @Override
            public List<ChangeEvent> since(long after, int max) {
                return events.since(after, max);
            }

            @Override
            public String relistAdvice() {
                return "is older than the retained events: list the objects again and watch from the list's "
                        + "metadata.resourceVersion";
            }
        };
    }
}
