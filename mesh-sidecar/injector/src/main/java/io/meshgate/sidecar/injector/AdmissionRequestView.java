package io.meshgate.sidecar.injector;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of an AdmissionReview's {@code request} the webhooks use, checked by {@link AdmissionReviews#read}.
 *
 * @param uid       echoed in the response, as the API server requires
 * @param group     {@code request.kind.group} ("" for the core group)
 * @param version   {@code request.kind.version}
 * @param kind      {@code request.kind.kind}, e.g. {@code Pod}
 * @param namespace {@code request.namespace}; "" for cluster-scoped objects
 * @param name      {@code request.name}; "" when the API server generates it
 * @param operation {@code CREATE}, {@code UPDATE}, {@code DELETE} or {@code CONNECT}
 * @param object    {@code request.object}; null for DELETE
 */
public record AdmissionRequestView(String uid, String group, String version, String kind, String namespace,
                                   String name, String operation, JsonNode object) {
    /** {@code group/version} as an object's {@code apiVersion} spells it ({@code v1} for the core group). */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
