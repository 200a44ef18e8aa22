package io.meshgate.api;

/**
 * One route the API serves: an HTTP method on a path template such as
 * {@code /api/v1/audit/{id}}. The templates use the OpenAPI document's parameter names, so the
 * route table and the document can be compared as they are.
 *
 * @param method the method name in upper case, e.g. {@code GET}
 * @param path   the path template, relative to its service's mount path or absolute in a {@link RouteTable}
 */
record ApiRoute(String method, String path) {
}
