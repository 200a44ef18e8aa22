package io.meshgate.api;

import io.meshgate.db.Actor;
import io.meshgate.db.Role;
import io.meshgate.db.TokenBinding;

/**
 * The authenticated client of one request: who (for the audit) and what it may do.
 *
 * @param binding the workload identity of a sidecar token, null for every other role (and for a
 *                sidecar token stored without one, which may then do nothing)
 */
record Caller(Actor actor, Role role, TokenBinding binding) {

    Caller(Actor actor, Role role) {
        this(actor, role, null);
    }

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

    boolean isSidecar() {
        return role == Role.SIDECAR;
    }

    /** The 403 a sidecar token gets anywhere but its workloads, saying what it may do instead. */
    ApiException sidecarScope() {
        String detail = binding == null
                ? "token '" + actor.name() + "' is a sidecar token bound to no namespace and service account: it may call"
                        + " nothing; create it again with both"
                : "token '" + actor.name() + "' is a sidecar token for service account " + binding.serviceAccount()
                        + " in namespace " + binding.namespace() + ": it may only call POST /api/v1/workloads and"
                        + " DELETE /api/v1/workloads/" + binding.namespace() + "/{name} for workloads of that namespace"
                        + " and service account";
        return new ApiException(403, "forbidden", "Forbidden", detail, java.util.List.of());
    }
}
