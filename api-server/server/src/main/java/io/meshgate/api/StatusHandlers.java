package io.meshgate.api;

import io.meshgate.db.Role;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.Resource;

/**
 * The handlers of the {@code status} subresource, {@code GET/PUT/PATCH .../{plural}/{name}/status},
 * as in Kubernetes (routed by {@link ResourceService}). GET answers the whole object; PUT takes a
 * whole object and stores only its {@code status}; PATCH patches the whole object and keeps only the
 * patched {@code status}. Spec and metadata never change here, and a write that leaves the status as
 * it was is not audited.
 */
final class StatusHandlers {
    private final ResourceService objects;
    private final ResourceWrites writes;

    StatusHandlers(ResourceService objects, ResourceWrites writes) {
        this.objects = objects;
        this.writes = writes;
    }

    void get(Exchange ex) {
        PathTarget t = objects.target(ex, true);
        ex.caller.require(Role.VIEWER);
        objects.sendStored(ex, t);
    }

    void put(Exchange ex) {
        PathTarget t = objects.target(ex, true);
        ex.caller.require(Role.EDITOR);
        Resource body = objects.parsePutBody(ex, t);
        StoredObject after = writes.writeStatus(ex.caller.actor(), t.info(), t.storeNamespace(), t.name(),
                body.hasStatus() ? body.status() : null, StoredBodies.bodyResourceVersion(body), ex.ifMatch()).after();
        objects.sendObject(ex, 200, after);
    }

    void patch(Exchange ex) {
        PathTarget t = objects.target(ex, true);
        ex.caller.require(Role.EDITOR);
        StoredObject after = writes.patchStatus(ex.caller.actor(), t.info(), t.storeNamespace(), t.name(),
                ResourceService.patchType(ex), Jsons.read(ex.body()), ex.ifMatch()).after();
        objects.sendObject(ex, 200, after);
    }
}
