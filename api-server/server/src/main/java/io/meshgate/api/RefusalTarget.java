package io.meshgate.api;

/**
 * The object a request is about when its path does not name it (a workload registration names its
 * Pod in the body): a route puts it into the request's context, so that a refusal's audit row
 * ({@link RejectedWriteAudit}) names the object.
 */
record RefusalTarget(String kind, String namespace, String name) {
}
