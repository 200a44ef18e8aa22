package io.meshgate.db;

import static io.meshgate.db.jooq.Tables.RESOURCES;

import org.jooq.Record;

/** Maps rows of the {@code resources} table to {@link StoredObject}. */
final class ResourceRows {

    private ResourceRows() {
    }

    static StoredObject fromRow(Record r) {
        return new StoredObject(
                r.get(RESOURCES.KIND),
                r.get(RESOURCES.NAMESPACE),
                r.get(RESOURCES.NAME),
                r.get(RESOURCES.UID),
                r.get(RESOURCES.RESOURCE_VERSION),
                r.get(RESOURCES.GENERATION),
                Json.labelsFromJson(r.get(RESOURCES.LABELS)),
                r.get(RESOURCES.BODY),
                r.get(RESOURCES.CREATED_AT).toInstant(),
                r.get(RESOURCES.UPDATED_AT).toInstant());
    }
}
