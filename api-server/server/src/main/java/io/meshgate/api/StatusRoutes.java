package io.meshgate.api;

import io.meshgate.db.Role;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.Resource;


/**
 * The {@code status} subresource: {@code GET/PUT/PATCH .../{plural}/{name}/status}, as in
 * Kubernetes. GET answers the whole object; PUT takes a whole object and stores only its
 * {@code status}; PATCH patches the whole object and keeps only the patched {@code status}. Spec
 * and metadata never change here, and a write that leaves the status as it was is not audited.
 */
final class StatusRoutes {
    private final ResourceRoutes objects;
    private final ResourceWrites writes;

    StatusRoutes(ResourceRoutes objects, ResourceWrites writes) {
        this.objects = objects;
        this.writes = writes;
    }

    void handle(Exchange ex, PathTarget t) {
        switch (ex.method) {
            case "GET" -> {
                ex.caller.require(Role.VIEWER);
                objects.get(ex, t);
            }
            case "PUT" -> put(ex, t);
            case "PATCH" -> patch(ex, t);
            default -> throw ApiException.methodNotAllowed(ex.method + " on a status subresource (GET, PUT, PATCH)");
        }
    }

    private void put(Exchange ex, PathTarget t) {
        ex.caller.require(Role.EDITOR);
        Resource body = objects.parsePutBody(ex, t);
        StoredObject after = writes.writeStatus(ex.caller.actor(), t.info(), t.storeNamespace(), t.name(),
                body.hasStatus() ? body.status() : null, StoredBodies.bodyResourceVersion(body), ex.ifMatch()).after();
        objects.sendObject(ex, 200, after);
    }

    private void patch(Exchange ex, PathTarget t) {
        ex.caller.require(Role.EDITOR);
        StoredObject after = writes.patchStatus(ex.caller.actor(), t.info(), t.storeNamespace(), t.name(),
                ResourceRoutes.patchType(ex), Jsons.read(ex.body()), ex.ifMatch()).after();
        objects.sendObject(ex, 200, after);
    }
}
