package io.meshgate.db;

import static io.meshgate.db.jooq.Tables.EVENTS;
import static io.meshgate.db.jooq.Tables.RESOURCES;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** {@link Tx} over one {@link Writer.WriteScope}: object writes, their events, and audit rows. */
final class WriteTx implements Tx {

    private final Writer.WriteScope scope;
    private final DSLContext sql;
    private final Actor actor;
    private final Clock clock;
    private final AuditAppender auditAppender;

    WriteTx(Writer.WriteScope scope, Actor actor, Clock clock) {
        this.scope = scope;
        this.sql = scope.sql();
        this.actor = actor;
        this.clock = clock;
        this.auditAppender = new AuditAppender(sql, clock, actor);
    }

    @Override
    public Actor actor() {
        return actor;
    }

    /** The transaction's SQL context, for the stores of this package that write in the same transaction. */
    DSLContext sql() {
        return sql;
    }

    @Override
    public Optional<StoredObject> get(String kind, String namespace, String name) {
        Names.checkKey(kind, namespace, name);
        return sql.selectFrom(RESOURCES).where(key(kind, namespace, name)).fetchOptional().map(ResourceRows::fromRow);
    }

    @Override
    public List<StoredObject> list(String kind, String namespace) {
        Names.checkPart("kind", kind, false);
        Condition where = RESOURCES.KIND.eq(kind);
        if (namespace != null) {
            where = where.and(RESOURCES.NAMESPACE.eq(namespace));
        }
        return sql.selectFrom(RESOURCES).where(where).orderBy(RESOURCES.NAMESPACE, RESOURCES.NAME)
                .fetch(ResourceRows::fromRow);
    }

    @Override
    public StoredObject put(String kind, String namespace, String name, String bodyJson, Map<String, String> labels,
                            Long expectedResourceVersion) {
        return put(kind, namespace, name, bodyJson, labels, expectedResourceVersion, SpecChange.AUTO);
    }

    @Override
    public StoredObject put(String kind, String namespace, String name, String bodyJson, Map<String, String> labels,
                            Long expectedResourceVersion, SpecChange specChange) {
        Names.checkKey(kind, namespace, name);
        Objects.requireNonNull(specChange, "specChange");
        if (expectedResourceVersion != null && expectedResourceVersion < 0) {
            throw new IllegalArgumentException("expected resourceVersion must not be negative");
        }
        ObjectNode body = Json.parseObject(bodyJson, "object body");
        MetadataStamper.checkIdentity(body, namespace, name);
        Map<String, String> effectiveLabels = labels == null ? MetadataStamper.labelsOf(body) : checkedLabels(labels);

        Optional<StoredObject> existing = get(kind, namespace, name);
        checkExpected(kind, namespace, name, existing, expectedResourceVersion);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        if (existing.isEmpty()) {
            long revision = scope.nextRevision();
            String uid = UUID.randomUUID().toString();
            MetadataStamper.stamp(body, namespace, name, uid, revision, 1, now, effectiveLabels);
            StoredObject created = new StoredObject(kind, namespace, name, uid, revision, 1, effectiveLabels,
                    Json.write(body), now, now);
            sql.insertInto(RESOURCES)
                    .set(RESOURCES.KIND, kind)
                    .set(RESOURCES.NAMESPACE, namespace)
                    .set(RESOURCES.NAME, name)
                    .set(RESOURCES.UID, uid)
                    .set(RESOURCES.RESOURCE_VERSION, revision)
                    .set(RESOURCES.GENERATION, 1L)
                    .set(RESOURCES.LABELS, Json.labelsToJson(effectiveLabels))
                    .set(RESOURCES.BODY, created.bodyJson())
                    .set(RESOURCES.CREATED_AT, utc(now))
                    .set(RESOURCES.UPDATED_AT, utc(now))
                    .execute();
            recordEvent(EventType.ADDED, created);
            return created;
        }

        StoredObject old = existing.get();
        ObjectNode oldBody = Json.parseObject(old.bodyJson(), "stored body");
        boolean specChanged = switch (specChange) {
            case AUTO -> MetadataStamper.specDiffers(oldBody, body);
            case CHANGED -> true;
            case UNCHANGED -> false;
        };
        long generation = old.generation() + (specChanged ? 1 : 0);
        // stamp with the old version first: if the result equals what is stored, nothing changed
        MetadataStamper.stamp(body, namespace, name, old.uid(), old.resourceVersion(), generation, old.createdAt(),
                effectiveLabels);
        // compare parsed forms: a freshly stamped tree holds long nodes where a parsed one holds ints
        if (Json.parseObject(Json.write(body), "object body").equals(oldBody)) {
            return old;
        }
        long revision = scope.nextRevision();
        MetadataStamper.withResourceVersion(body, revision);
        StoredObject updated = new StoredObject(kind, namespace, name, old.uid(), revision, generation,
                effectiveLabels, Json.write(body), old.createdAt(), now);
        sql.update(RESOURCES)
                .set(RESOURCES.RESOURCE_VERSION, revision)
                .set(RESOURCES.GENERATION, generation)
                .set(RESOURCES.LABELS, Json.labelsToJson(effectiveLabels))
                .set(RESOURCES.BODY, updated.bodyJson())
                .set(RESOURCES.UPDATED_AT, utc(now))
                .where(key(kind, namespace, name))
                .execute();
        recordEvent(EventType.MODIFIED, updated);
        return updated;
    }

    @Override
    public Optional<StoredObject> delete(String kind, String namespace, String name, Long expectedResourceVersion) {
        Names.checkKey(kind, namespace, name);
        if (expectedResourceVersion != null && expectedResourceVersion <= 0) {
            throw new IllegalArgumentException("expected resourceVersion of a delete must be positive or null");
        }
        Optional<StoredObject> existing = get(kind, namespace, name);
        if (existing.isEmpty() && expectedResourceVersion == null) {
            return Optional.empty();
        }
        checkExpected(kind, namespace, name, existing, expectedResourceVersion);
        StoredObject old = existing.orElseThrow();
        long revision = scope.nextRevision();
        ObjectNode body = MetadataStamper.withResourceVersion(Json.parseObject(old.bodyJson(), "stored body"),
                revision);
        StoredObject deleted = new StoredObject(kind, namespace, name, old.uid(), revision, old.generation(),
                old.labels(), Json.write(body), old.createdAt(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        sql.deleteFrom(RESOURCES).where(key(kind, namespace, name)).execute();
        recordEvent(EventType.DELETED, deleted);
        return Optional.of(deleted);
    }

    @Override
    public AuditRecord audit(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        return auditAppender.append(entry);
    }

    private void recordEvent(EventType type, StoredObject object) {
        sql.insertInto(EVENTS)
                .set(EVENTS.RESOURCE_VERSION, object.resourceVersion())
                .set(EVENTS.TYPE, type.name())
                .set(EVENTS.KIND, object.kind())
                .set(EVENTS.NAMESPACE, object.namespace())
                .set(EVENTS.NAME, object.name())
                .set(EVENTS.BODY, object.bodyJson())
                .execute();
    }

    private static void checkExpected(String kind, String namespace, String name, Optional<StoredObject> existing,
                                      Long expected) {
        if (expected == null) {
            return;
        }
        Long actual = existing.map(StoredObject::resourceVersion).orElse(null);
        boolean matches = expected == 0 ? actual == null : actual != null && actual.longValue() == expected;
        if (!matches) {
            throw ConflictException.versionMismatch(kind, namespace, name, expected, actual);
        }
    }

    private static Map<String, String> checkedLabels(Map<String, String> labels) {
        Map<String, String> copy = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (k == null || k.isEmpty() || v == null) {
                throw new IllegalArgumentException("labels need non-empty keys and non-null values");
            }
            copy.put(k, v);
        });
        return copy;
    }

    static Condition key(String kind, String namespace, String name) {
        return RESOURCES.KIND.eq(kind).and(RESOURCES.NAMESPACE.eq(namespace)).and(RESOURCES.NAME.eq(name));
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
