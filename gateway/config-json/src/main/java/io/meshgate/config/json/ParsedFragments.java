package io.meshgate.config.json;

import java.util.HashMap;
import java.util.Map;

/**
 * What a proxy keeps of the config it read last, so that reading the next one does not bind again what
 * did not change: the virtual hosts and clusters of that config by their exact JSON text. After one
 * change among thousands of Ingresses nearly every virtual host and cluster arrives as the same text,
 * and the same text binds to an equal record, so the kept record is taken as it is (records are
 * immutable). Text that differs in any character (another order, a space) is bound anew: never a
 * wrong answer, at worst a full read.
 *
 * <p>One reader at a time (the config agent's thread). A read that fails leaves what was kept as it
 * was; a read that succeeds replaces it with what that config holds, so memory stays one config's worth.
 */
public final class ParsedFragments {
    private Map<String, Object> kept = Map.of();
    private Map<String, Object> reading;
    private int reused;

    /** Starts a read: what it binds or reuses is collected apart from what the last read kept. */
    void begin() {
        reading = new HashMap<>();
        reused = 0;
    }

    /** The record bound from exactly this text by the last read, or null. */
    Object find(String json) {
        Object value = kept.get(json);
        if (value != null) {
            reading.put(json, value);
            reused++;
        }
        return value;
    }

    void keep(String json, Object value) {
        reading.put(json, value);
    }

    /** The read succeeded: its fragments are the ones the next read may reuse. */
    void commit() {
        kept = reading;
        reading = null;
    }

    /** The read failed: the next one reuses what the last good read kept. */
    void abandon() {
        reading = null;
    }

    /** How many virtual hosts and clusters the last read took from the read before (for logs and tests). */
    public int reusedByLastRead() {
        return reused;
    }
}
