package io.meshgate.console.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One page of audit rows, newest first.
 *
 * @param items         rows as the API renders them (id, at, actor, verb, kind, namespace, name, message ...)
 * @param continueToken token for the next page, or null on the last page
 */
public record AuditPage(List<JsonNode> items, String continueToken) {
    public AuditPage {
        items = List.copyOf(items);
    }
}
