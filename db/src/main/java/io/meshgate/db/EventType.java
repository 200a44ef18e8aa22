package io.meshgate.db;

/** Kind of change recorded in the event log, as in a Kubernetes watch. */
public enum EventType {
    ADDED, MODIFIED, DELETED
}
