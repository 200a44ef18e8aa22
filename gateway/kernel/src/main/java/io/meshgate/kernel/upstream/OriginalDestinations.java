package io.meshgate.kernel.upstream;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoints an original-destination cluster has met so far, one per destination address and
 * name, so that HTTP requests to the same destination share the event loops' pooled connections
 * (the pools key on the {@link EndpointState}). Shared by all event loops, hence concurrent.
 *
 * <p>Bounded: a workload can name any number of destinations, so beyond {@value #MAX_DESTINATIONS}
 * entries the ones without a request in flight are dropped and retired (the pools then close their
 * idle connections to them at the next sweep), and met again they start afresh.
 */
final class OriginalDestinations {
    static final int MAX_DESTINATIONS = 1024;

    private record Key(InetSocketAddress address, String host) {}

    private final Map<Key, EndpointState> endpoints = new ConcurrentHashMap<>();

    /**
     * The endpoint for {@code address} reached under {@code host} (TLS name and tunnel host; null:
     * the address itself).
     */
    EndpointState endpoint(InetSocketAddress address, String host) {
        Key key = new Key(address, host);
        EndpointState known = endpoints.get(key);
        if (known != null && !known.isRetired()) {
            return known;
        }
        if (endpoints.size() >= MAX_DESTINATIONS) {
            evictIdle();
        }
        EndpointState fresh = EndpointState.originalDestination(address, host, host);
        EndpointState raced = known == null ? endpoints.putIfAbsent(key, fresh)
                : (endpoints.replace(key, known, fresh) ? null : endpoints.get(key));
        return raced != null && !raced.isRetired() ? raced : fresh;
    }

    private void evictIdle() {
        for (Iterator<EndpointState> it = endpoints.values().iterator(); it.hasNext(); ) {
            EndpointState state = it.next();
            if (state.inFlight() == 0) {
                state.retire();
                it.remove();
            }
        }
    }

    int size() {
        return endpoints.size();
    }

    /** Retires every endpoint: the cluster was removed or replaced by one that reaches them differently. */
    void retireAll() {
        for (EndpointState state : endpoints.values()) {
            state.retire();
        }
        endpoints.clear();
    }
}
