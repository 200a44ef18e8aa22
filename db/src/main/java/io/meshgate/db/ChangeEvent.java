package io.meshgate.db;

/**
 * One change from the event log: the object after the change (for DELETED, its final state with
 * the deletion's resourceVersion).
 *
 * @param resourceVersion revision of this change; consecutive events have consecutive revisions
 * @param type            what happened
 * @param kind            object kind
 * @param namespace       object namespace ({@code ""} for cluster scoped)
 * @param name            object name
 * @param bodyJson        the object as JSON
 */
public record ChangeEvent(long resourceVersion, EventType type, String kind, String namespace, String name,
                          String bodyJson) {
}
