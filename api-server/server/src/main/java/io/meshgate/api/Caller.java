package io.meshgate.api;

import io.meshgate.db.Actor;
import io.meshgate.db.Role;

/** The authenticated client of one request: who (for the audit) and what it may do. */
record Caller(Actor actor, Role role) {

    /** Throws 403 unless this caller's role includes {@code required}. */
    void require(Role required) {
        if (!role.includes(required)) {
            throw new ApiException(403, "forbidden", "Forbidden",
                    "token '" + actor.name() + "' has role " + role.wireName() + "; this request needs "
                            + required.wireName(), java.util.List.of());
        }
    }

    /** Viewers may read objects but not the credentials inside them (Secret values, kubeconfigs, ...). */
    boolean seesSecrets() {
        return role.includes(Role.EDITOR);
    }
}
