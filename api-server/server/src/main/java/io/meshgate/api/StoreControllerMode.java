package io.meshgate.api;

import io.meshgate.api.reconcile.CommitDrivenWorker;
import io.meshgate.db.Actor;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.StoredObject;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Standalone mode for the control plane's controllers ({@link ControllerMode}): the store. Each write
 * is one transaction that first checks the object is still the version the pass looked at, then writes
 * and audits it through {@link ResourceWrites} (Secret data redacted in the audit row, as every write's).
 */
final class StoreControllerMode implements ControllerMode {
    private final ResourceStore store;
    private final ResourceWrites writes;
    private final ResourceReads reads;

    StoreControllerMode(ResourceStore store, ResourceWrites writes) {
        this.store = Objects.requireNonNull(store, "store");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.reads = ResourceReads.of(store);
    }

    @Override
    public ResourceReads reads() {
        return reads;
    }

    @Override
    public boolean putIfUnchanged(Actor actor, ResourceWrites.Candidate object, long examinedVersion, String note) {
        String kind = object.resource().kind();
        return store.writeAndReturn(actor, tx -> {
            long now = tx.get(kind, object.storeNamespace(), object.resource().name())
                    .map(StoredObject::resourceVersion).orElse(0L);
            if (now != examinedVersion) {
                return false;
            }
            writes.put(tx, object, null, AuditVerb.UPDATE, note);
            return true;
        });
    }

    @Override
    public boolean deleteIfUnchanged(Actor actor, StoredObject seen, String note) {
        return store.writeAndReturn(actor, tx -> {
            var now = tx.get(seen.kind(), seen.namespace(), seen.name());
            if (now.isEmpty() || now.get().resourceVersion() != seen.resourceVersion()) {
                return false;
            }
            writes.delete(tx, seen.kind(), seen.namespace(), seen.name(), null, AuditVerb.DELETE, note);
            return true;
        });
    }

    @Override
    public Loop loop(String threadName, Duration debounce, Duration period, Duration retryAfterFailure, Runnable pass,
                     Consumer<RuntimeException> onFailure) {
        CommitDrivenWorker worker = new CommitDrivenWorker(threadName, store, debounce, period, retryAfterFailure, pass,
                onFailure);
        return new Loop() {
            @Override
            public void start() {
                worker.start();
            }

            @Override
            public void wake() {
                worker.wake();
            }

            @Override
            public void close() {
                worker.close();
            }
        };
    }
}
