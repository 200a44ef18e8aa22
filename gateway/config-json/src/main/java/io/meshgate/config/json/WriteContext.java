package io.meshgate.config.json;

/**
 * What one write needs beyond the value: whether secrets are redacted (dumps that leave the process)
 * and the {@link ConfigFragments} to copy unchanged virtual hosts, routes and clusters from (or null).
 */
record WriteContext(boolean redact, ConfigFragments fragments) {
    static final WriteContext VERBATIM = new WriteContext(false, null);
    static final WriteContext REDACTED = new WriteContext(true, null);
}
