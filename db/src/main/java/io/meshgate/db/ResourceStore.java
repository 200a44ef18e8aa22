package io.meshgate.db;

import static io.meshgate.db.jooq.Tables.RESOURCES;
import static io.meshgate.db.jooq.Tables.STORE_STATE;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.Row2;
import org.jooq.impl.DSL;

/**
 * Resources of every kind, keyed by (kind, namespace, name), with a global revision counter.
 * Reads never block; writes go through {@link #write} and are serialized.
 */
public final class ResourceStore {

    /** Rows examined per query while filtering a list by labels. */
    private static final int SCAN_BATCH = 500;

    private final Reads reads;
    private final Writer writer;
    private final Clock clock;

    ResourceStore(Reads reads, Writer writer, Clock clock) {
        this.reads = reads;
        this.writer = writer;
        this.clock = clock;
    }

    /** The object, if stored. */
    public Optional<StoredObject> get(String kind, String namespace, String name) {
        Names.checkKey(kind, namespace, name);
        return reads.read(sql -> sql.selectFrom(RESOURCES)
                .where(WriteTx.key(kind, namespace, name))
                .fetchOptional()
                .map(ResourceRows::fromRow));
    }

    /**
     * One page of the objects of {@code kind}, ordered by namespace then name.
     *
     * @param namespace     only this namespace, or {@code null} for all
     * @param labelEquals   labels that must be present with exactly these values (empty = no filter)
     * @param labelExists   label keys that must be present (empty = no filter)
     * @param limit         page size; {@code <= 0} returns everything
     * @param continueToken token of the previous page of the same kind and namespace, or null
     * @throws IllegalArgumentException for a malformed continue token
     */
    public Page<StoredObject> list(String kind, String namespace, Map<String, String> labelEquals,
                                   Set<String> labelExists, int limit, String continueToken) {
        Names.checkPart("kind", kind, false);
        Map<String, String> equals = labelEquals == null ? Map.of() : Map.copyOf(labelEquals);
        Set<String> exists = labelExists == null ? Set.of() : Set.copyOf(labelExists);
        ContinueTokens.ResourceCursor after = continueToken == null || continueToken.isEmpty()
                ? null : ContinueTokens.decodeResource(continueToken, kind, namespace);
        Condition scope = RESOURCES.KIND.eq(kind);
        if (namespace != null) {
            scope = scope.and(RESOURCES.NAMESPACE.eq(namespace));
        }
        Condition where = scope;
        int wanted = limit > 0 ? limit + 1 : Integer.MAX_VALUE;
        return reads.snapshot(sql -> {
            // the revision first: every change after it is in the event log, so a watch from it
            // misses nothing even if a row below is newer
            long revision = revision(sql);
            List<StoredObject> found = equals.isEmpty() && exists.isEmpty()
                    ? fetchPage(sql, where, after, wanted)
                    : fetchFiltered(sql, where, after, wanted, equals, exists);
            boolean more = limit > 0 && found.size() > limit;
            List<StoredObject> items = more ? found.subList(0, limit) : found;
            String token = null;
            if (more) {
                StoredObject last = items.get(items.size() - 1);
                token = ContinueTokens.resource(kind, namespace, last.namespace(), last.name());
            }
            return new Page<>(items, token, revision);
        });
    }

    /** The latest committed revision (0 for an empty store). */
    public long currentRevision() {
        return reads.read(ResourceStore::revision);
    }

    /**
     * Runs {@code work} as one transaction: every put, delete and audit row commits together, or
     * none does when {@code work} throws (for example {@link ConflictException}). Keep the work
     * short: writers wait for each other. Must not be called from inside another write.
     */
    public void write(Actor actor, Consumer<Tx> work) {
        Objects.requireNonNull(work, "work");
        writeAndReturn(actor, tx -> {
            work.accept(tx);
            return null;
        });
    }

    /** Like {@link #write} and returns what {@code work} returns. */
    public <T> T writeAndReturn(Actor actor, Function<Tx, T> work) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(work, "work");
        return writer.write(scope -> work.apply(new WriteTx(scope, actor, clock)));
    }

    /**
     * Calls {@code listener} with the new revision after each committed write that changed
     * objects, on the writing thread and outside the write lock. Listeners must be quick (hand the
     * number to a watch loop); several commits may be coalesced by the reader of the event log.
     */
    public void addCommitListener(LongConsumer listener) {
        writer.addCommitListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops calling a listener added with {@link #addCommitListener}. */
    public void removeCommitListener(LongConsumer listener) {
        writer.removeCommitListener(listener);
    }

    static long revision(DSLContext sql) {
        return sql.select(STORE_STATE.REVISION).from(STORE_STATE).where(STORE_STATE.ID.eq(1)).fetchSingle().value1();
    }

    private static List<StoredObject> fetchPage(DSLContext sql, Condition where, ContinueTokens.ResourceCursor after,
                                                int wanted) {
        var ordered = sql.selectFrom(RESOURCES).where(where).orderBy(RESOURCES.NAMESPACE, RESOURCES.NAME);
        if (after == null) {
            return (wanted == Integer.MAX_VALUE ? ordered : ordered.limit(wanted)).fetch(ResourceRows::fromRow);
        }
        var seeking = ordered.seek(after.lastNamespace(), after.lastName());
        return (wanted == Integer.MAX_VALUE ? seeking : seeking.limit(wanted)).fetch(ResourceRows::fromRow);
    }

    /**
     * Label filters are applied in Java over a key scan (labels are a JSON column, and no portable
     * SQL reads JSON in both H2 and PostgreSQL); only the matching rows' bodies are then loaded.
     */
    private static List<StoredObject> fetchFiltered(DSLContext sql, Condition where,
                                                    ContinueTokens.ResourceCursor after, int wanted,
                                                    Map<String, String> equals, Set<String> exists) {
        List<Row2<String, String>> keys = new ArrayList<>();
        ContinueTokens.ResourceCursor cursor = after;
        while (keys.size() < wanted) {
            var ordered = sql.select(RESOURCES.NAMESPACE, RESOURCES.NAME, RESOURCES.LABELS)
                    .from(RESOURCES).where(where).orderBy(RESOURCES.NAMESPACE, RESOURCES.NAME);
            List<Record3<String, String, String>> rows = cursor == null
                    ? ordered.limit(SCAN_BATCH).fetch()
                    : ordered.seek(cursor.lastNamespace(), cursor.lastName()).limit(SCAN_BATCH).fetch();
            for (Record3<String, String, String> row : rows) {
                if (matches(Json.labelsFromJson(row.value3()), equals, exists)) {
                    keys.add(DSL.row(row.value1(), row.value2()));
                    if (keys.size() == wanted) {
                        break;
                    }
                }
            }
            if (rows.size() < SCAN_BATCH) {
                break;
            }
            Record3<String, String, String> last = rows.get(rows.size() - 1);
            cursor = new ContinueTokens.ResourceCursor(last.value1(), last.value2());
        }
        List<StoredObject> result = new ArrayList<>(keys.size());
        for (int from = 0; from < keys.size(); from += SCAN_BATCH) {
            List<Row2<String, String>> chunk = keys.subList(from, Math.min(keys.size(), from + SCAN_BATCH));
            sql.selectFrom(RESOURCES)
                    .where(where)
                    .and(DSL.row(RESOURCES.NAMESPACE, RESOURCES.NAME).in(chunk))
                    .orderBy(RESOURCES.NAMESPACE, RESOURCES.NAME)
                    .fetch()
                    .forEach((Record r) -> result.add(ResourceRows.fromRow(r)));
        }
        return result;
    }

    static boolean matches(Map<String, String> labels, Map<String, String> equals, Set<String> exists) {
        for (Map.Entry<String, String> e : equals.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return labels.keySet().containsAll(exists);
    }
}
