package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.ChangeEvent;
import io.meshgate.db.EventType;
import io.meshgate.db.RevisionExpiredException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * Kubernetes mode's watch events: every add, update and delete the informers observe, in the order
 * they were observed, numbered by this process. The cluster's resourceVersions cannot serve as
 * resume ids: they are opaque by Kubernetes' contract, and informers of different kinds deliver
 * them out of order, so "everything after resourceVersion N" could skip an event.
 *
 * <p>Ids are {@code base + n}: {@code base} is this process's start in milliseconds times a million
 * (so a restarted control plane or another replica never hands out the same ids), {@code n} counts the
 * events observed. A resume id outside what this process keeps (older than the oldest retained event,
 * from before this process, or from another replica) is expired: the watch answers 410, as a
 * Kubernetes API server does for a too old resourceVersion, and the client lists again and watches
 * from then on. Only the newest {@code capacity} events are kept, in memory.
 */
public final class ObservedWatchEvents implements WatchEvents {
    /** Events kept for resuming: the store's default retention is of the same order. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final long base;
    private final ArrayDeque<ChangeEvent> events = new ArrayDeque<>();
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    private long latest;

    /** @param base the id before the first event (see the class comment) */
    ObservedWatchEvents(int capacity, long base) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.base = base;
        this.latest = base;
    }

    /** Events numbered from this process's start time, {@link #DEFAULT_CAPACITY} kept. */
    public static ObservedWatchEvents startingNow() {
        return new ObservedWatchEvents(DEFAULT_CAPACITY, System.currentTimeMillis() * 1_000_000L);
    }

    /**
     * One observed change (called on the informers' threads).
     *
     * @param namespace  "" or null for cluster-scoped objects
     * @param beforeJson the object before, null for an add
     * @param afterJson  the object after, null for a delete (the event then carries the object before)
     */
    public void observed(String kind, String namespace, String name, String beforeJson, String afterJson) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (beforeJson == null && afterJson == null) {
            throw new IllegalArgumentException("a change has a before or an after");
        }
        EventType type = beforeJson == null ? EventType.ADDED : afterJson == null ? EventType.DELETED
                : EventType.MODIFIED;
        String body = withoutManagedFields(afterJson != null ? afterJson : beforeJson);
        long id;
        synchronized (this) {
            id = ++latest;
            events.addLast(new ChangeEvent(id, type, kind, namespace == null ? "" : namespace, name, body));
            while (events.size() > capacity) {
                events.removeFirst();
            }
        }
        for (LongConsumer listener : listeners) {
            listener.accept(id);
        }
    }

    /** {@code listener} is told the id of every new event (it wakes waiting watches). */
    void addListener(LongConsumer listener) {
        listeners.add(listener);
    }

    void removeListener(LongConsumer listener) {
        listeners.remove(listener);
    }

    @Override
    public synchronized long current() {
        return latest;
    }

    @Override
    public synchronized List<ChangeEvent> since(long after, int max) {
        long oldestResumable = events.isEmpty() ? latest : events.getFirst().resourceVersion() - 1;
        if (after < oldestResumable || after > latest) {
            throw new RevisionExpiredException(after);
        }
        // the newest events are the ones asked for: walk back from the end to the first one after `after`
        List<ChangeEvent> newer = new ArrayList<>();
        for (var it = events.descendingIterator(); it.hasNext(); ) {
            ChangeEvent e = it.next();
            if (e.resourceVersion() <= after) {
                break;
            }
            newer.add(e);
        }
        List<ChangeEvent> out = newer.reversed();
        return out.size() <= max ? out : List.copyOf(out.subList(0, max));
    }

    @Override
    public String relistAdvice() {
        return "is not an event id this control plane keeps (it restarted, another replica answered, or the event"
                + " was trimmed): list the objects again and watch without Last-Event-ID";
    }

    /** managedFields change on every write and say nothing a watcher needs (the REST API's reads leave them out too). */
    private static String withoutManagedFields(String json) {
        ObjectNode tree = Jsons.readStored(json);
        if (tree.get("metadata") instanceof ObjectNode metadata && metadata.has("managedFields")) {
            metadata.remove("managedFields");
            return Jsons.write(tree);
        }
        return json;
    }
}
