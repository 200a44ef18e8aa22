package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.api.reconcile.StatusWrite;
import io.meshgate.db.Actor;
import io.meshgate.resources.KindInfo;
import io.meshgate.resources.KindRegistry;
import io.meshgate.resources.ResourceKey;

/**
 * The reconciler's status writes, through the same path as {@code PUT .../status}: only status
 * changes, and the audit row (verb status, actor {@value #ACTOR}) is written only when it changed.
 */
final class ReconcilerStatusWrite implements StatusWrite {
    static final String ACTOR = "system:reconciler";
    private static final Actor RECONCILER = Actor.system(ACTOR);

    private final ResourceWrites writes;
    private final KindRegistry kinds;

    ReconcilerStatusWrite(ResourceWrites writes, KindRegistry kinds) {
        this.writes = writes;
        this.kinds = kinds;
    }

    @Override
    public Result write(ResourceKey key, long expectedVersion, ObjectNode status) {
        KindInfo info = kinds.byKind(key.kind()).orElse(null);
        if (info == null) {
            return Result.GONE;
        }
        String namespace = key.namespace() == null ? "" : key.namespace();
        try {
            WriteOutcome outcome = writes.writeStatus(RECONCILER, info, namespace, key.name(), status, expectedVersion,
                    null);
            return outcome.result() == WriteOutcome.Result.UNCHANGED ? Result.UNCHANGED : Result.WRITTEN;
        } catch (ApiException e) {
            return switch (e.status()) {
                case 409 -> Result.CONFLICT;
                case 404 -> Result.GONE;
                default -> throw e;
            };
        }
    }
}
