package io.meshgate.kernel.path;

/**
 * The canonical form of an origin-form request-target, or why there is none.
 *
 * @param path     the canonical path (always starts with {@code /}), or null when {@code error} is set
 * @param rawQuery the query exactly as received, without the {@code ?}; null when there was no {@code ?}
 * @param error    a short human message when the target is refused (the proxy answers 400), else null
 */
public record NormalizedTarget(String path, String rawQuery, String error) {

    static NormalizedTarget invalid(String error) {
        return new NormalizedTarget(null, null, error);
    }

    /** True when the target was accepted and {@link #path()} is usable. */
    public boolean ok() {
        return error == null;
    }

    /** The target to forward: {@code path}, plus {@code ?rawQuery} when there was a query. */
    public String target() {
        if (!ok()) {
            throw new IllegalStateException("invalid request target: " + error);
        }
        return rawQuery == null ? path : path + '?' + rawQuery;
    }
}
