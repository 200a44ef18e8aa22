package io.meshgate.db;

import java.util.List;

/**
 * One page of a list or query.
 *
 * @param items         the items of this page, in the listing's stable order
 * @param continueToken opaque token for the next page, or {@code null} when this is the last page
 * @param revision      the store revision the page was read at: a watch started from it misses nothing
 * @param <T>           item type
 */
public record Page<T>(List<T> items, String continueToken, long revision) {

    public Page {
        items = List.copyOf(items);
    }

    /** True when another page follows. */
    public boolean hasMore() {
        return continueToken != null;
    }
}
