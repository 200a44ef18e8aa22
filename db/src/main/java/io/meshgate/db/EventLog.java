package io.meshgate.db;

import static io.meshgate.db.jooq.Tables.EVENTS;

import java.util.List;

/**
 * The recent changes, one per revision, for watches to resume from any revision still kept.
 * Events are written by {@link Tx#put} and {@link Tx#delete} in the same transaction as the change,
 * and only the newest {@link DatabaseConfig#eventRetention()} are kept.
 */
public final class EventLog {

    /** Most events returned by one call. */
    public static final int MAX_BATCH = 10_000;

    private final Reads reads;

    EventLog(Reads reads) {
        this.reads = reads;
    }

    /**
     * Events with a revision greater than {@code resourceVersion}, oldest first, at most {@code max}.
     * Consecutive calls feeding the last returned revision back see every change exactly once.
     *
     * @throws RevisionExpiredException when some of those events were already trimmed
     */
    public List<ChangeEvent> since(long resourceVersion, int max) {
        if (resourceVersion < 0) {
            throw new IllegalArgumentException("resourceVersion must not be negative");
        }
        int limit = Math.clamp(max, 1, MAX_BATCH);
        return reads.snapshot(sql -> {
            long current = ResourceStore.revision(sql);
            List<ChangeEvent> events = sql.selectFrom(EVENTS)
                    .where(EVENTS.RESOURCE_VERSION.gt(resourceVersion))
                    .orderBy(EVENTS.RESOURCE_VERSION)
                    .limit(limit)
                    .fetch(r -> new ChangeEvent(r.getResourceVersion(), EventType.valueOf(r.getType()), r.getKind(),
                            r.getNamespace(), r.getName(), r.getBody()));
            // revisions are gap-free with one event each, so the next one must be resourceVersion + 1;
            // anything else means it was trimmed (or, with nothing returned, that changes exist but are gone)
            boolean gap = events.isEmpty()
                    ? current > resourceVersion
                    : events.get(0).resourceVersion() != resourceVersion + 1;
            if (gap) {
                throw new RevisionExpiredException(resourceVersion);
            }
            return events;
        });
    }
}
