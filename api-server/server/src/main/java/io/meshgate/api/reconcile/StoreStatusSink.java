package io.meshgate.api.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.StoredObject;
import io.meshgate.reconcile.ReportedStatus;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.SnapshotObject;
import io.meshgate.reconcile.StatusDocument;
import io.meshgate.reconcile.StatusSink;
import io.meshgate.reconcile.StatusSubresource;
import io.meshgate.resources.ResourceKey;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.lang.System.Logger.Level;

/**
 * The standalone mode's {@link StatusSink}: writes reported statuses into the stored objects
 * ({@link StatusDocument} builds them), and only where the stored status differs, so
 * a pass that reports what is already stored writes (and audits) nothing, and a status write (one
 * more commit, one more pass) settles instead of looping. A write that loses the race to a
 * client's write of the same object is retried on the fresh version: a status write replaces only
 * {@code status}, so the client's change stays.
 */
public final class StoreStatusSink implements StatusSink {
    private static final System.Logger LOG = System.getLogger(StoreStatusSink.class.getName());
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Status writes tried per resource and pass before leaving it to the next pass. */
    private static final int ATTEMPTS = 5;
    private static final Comparator<ResourceKey> ORDER = Comparator.comparing(ResourceKey::kind)
            .thenComparing(k -> k.namespace() == null ? "" : k.namespace()).thenComparing(ResourceKey::name);

    private final ResourceStore store;
    private final StoreSnapshotSource objects;
    private final StatusWrite write;
    private final Clock clock;
    /**
     * Per key, the stored version and the report of the last pass that found nothing to write or wrote
     * it: that version of the object with an equal report composes the same status again, so it is not
     * rebuilt and compared (at 2,000 Ingresses that took 70-350 ms a pass, and seconds in the pass after
     * a bulk load, whose status writes made every Ingress a new version). Replaced every pass, so it
     * holds only what the last pass reported.
     */
    private Map<ResourceKey, Settled> settled = Map.of();

    private record Settled(String version, ReportedStatus report) {}

    /**
     * @param objects types an object re-read after a lost race, as the snapshots do
     * @param write   the API's status write
     * @param clock   the time of condition transitions
     */
    public StoreStatusSink(ResourceStore store, StoreSnapshotSource objects, StatusWrite write, Clock clock) {
        this.store = store;
        this.objects = objects;
        this.write = write;
        this.clock = clock;
    }

    @Override
    public void publish(ResourceSnapshot snapshot, Map<ResourceKey, ReportedStatus> reports) {
        write(snapshot, reports);
    }

    /** Writes every report whose resource has a status subresource and exists; returns how many changed. */
    int write(ResourceSnapshot snapshot, Map<ResourceKey, ReportedStatus> reports) {
        int written = 0;
        Map<ResourceKey, Settled> last = settled;
        Map<ResourceKey, Settled> now = new HashMap<>();
        List<ResourceKey> keys = reports.keySet().stream().sorted(ORDER).toList();
        // the revision of this sink's own last write: anything committed after it is someone else's change
        long own = Long.MAX_VALUE;
        for (int k = 0; k < keys.size(); k++) {
            ResourceKey key = keys.get(k);
            if (!StatusSubresource.exists(key.kind())) {
                continue;
            }
            Optional<SnapshotObject> seen = snapshot.object(key);
            if (seen.isEmpty() || seen.get().version() == null) {
                continue;
            }
            ReportedStatus report = reports.get(key);
            Settled before = last.get(key);
            if (before != null && before.version().equals(seen.get().version()) && before.report().equals(report)) {
                now.put(key, before);
                continue;
            }
            long current = store.currentRevision();
            if (written > 0 && current > own) {
                // A change arrived while statuses were being written (after a bulk apply, thousands of
                // them, one commit each): it goes first. The next pass, which that change starts at once,
                // reports these statuses again and writes what is still missing.
                int left = keys.size() - k;
                LOG.log(Level.DEBUG, () -> "a change arrived; " + left + " statuses left for the next pass");
                for (ResourceKey rest : keys.subList(k, keys.size())) {
                    Settled kept = last.get(rest);
                    if (kept != null) {
                        now.put(rest, kept);
                    }
                }
                break;
            }
            if (write(key, seen.get(), report)) {
                written++;
                Optional<StoredObject> after = store.get(key.kind(), key.namespace() == null ? "" : key.namespace(),
                        key.name());
                long mine = after.map(StoredObject::resourceVersion).orElse(current + 1);
                // a write that waited for the store's lock behind someone else's commit lands after it: that
                // commit counts as arrived (own stays before it), or the loop would never notice it
                own = mine > current + 1 ? current : mine;
                // the version this write made holds this report's status for this generation: the next pass
                // need not compose it again (a user's spec change since is another generation: composed anew)
                long generation = seen.get().generation();
                after.filter(o -> o.generation() == generation)
                        .ifPresent(o -> now.put(key, new Settled(Long.toString(o.resourceVersion()), report)));
            } else {
                now.put(key, new Settled(seen.get().version(), report));
            }
        }
        settled = now;
        return written;
    }

    /** @return true when a status was written; false when nothing needed writing or the object is gone */
    private boolean write(ResourceKey key, SnapshotObject seen, ReportedStatus report) {
        // the report describes the spec of the snapshot, so its generation is the observed one
        long generation = seen.generation();
        SnapshotObject current = seen;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            JsonNode stored = current.resource().hasStatus() ? normalized(current.resource().status()) : null;
            ObjectNode desired = normalized(StatusDocument.compose(report, stored, generation, clock.instant()));
            if (desired.equals(stored) || (desired.isEmpty() && stored == null)) {
                return false;
            }
            switch (write.write(key, Long.parseLong(current.version()), desired)) {
                case WRITTEN -> {
                    return true;
                }
                case UNCHANGED, GONE -> {
                    return false;
                }
                case CONFLICT -> {
                    Optional<SnapshotObject> fresh = store.get(key.kind(), key.namespace() == null ? "" : key.namespace(),
                            key.name()).flatMap(objects::toObject);
                    if (fresh.isEmpty()) {
                        return false;
                    }
                    current = fresh.get();
                }
            }
        }
        LOG.log(Level.INFO, "status of {0} kept changing under concurrent writes; the next pass writes it", key);
        return false;
    }

    /** The tree a re-parse of the stored JSON gives (numbers as ints where they fit), so equal means equal. */
    private static ObjectNode normalized(ObjectNode node) {
        return parse(node.toString());
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
