package io.meshgate.kernel.loop;

import io.netty.util.concurrent.FastThreadLocal;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One share per event loop of some per-cluster state (counters, a budget, a statistics window): each loop
 * finds its own share through a thread-local map, so the hot path takes no lock and writes no cache line
 * another loop writes; readers go over {@link #all()} and sum. A loop's share is made on its first use and
 * then reused: no allocation per request.
 *
 * <p>Whoever owns the state keeps one {@code LoopShares} and asks it for {@link #mine()}; the thread-local
 * map is keyed by this object, so shares of different owners never mix.
 *
 * @param <S> the share's type, written only by its loop
 */
public final class LoopShares<S> {
    private static final FastThreadLocal<Map<LoopShares<?>, Object>> SHARES = new FastThreadLocal<>() {
        @Override
        protected Map<LoopShares<?>, Object> initialValue() {
            return new IdentityHashMap<>();
        }
    };

    private final Supplier<S> newShare;
    private final List<S> all = new CopyOnWriteArrayList<>();

    /** @param newShare makes a loop's share on the loop's first use */
    public LoopShares(Supplier<S> newShare) {
        this.newShare = newShare;
    }

    /** This thread's (event loop's) share; made on its first use. */
    @SuppressWarnings("unchecked")
    public S mine() {
        Map<LoopShares<?>, Object> shares = SHARES.get();
        S share = (S) shares.get(this);
        if (share == null) {
            share = newShare.get();
            shares.put(this, share);
            all.add(share);
        }
        return share;
    }

    /** Every loop's share so far, for readers that sum them (a snapshot safe to iterate). */
    public List<S> all() {
        return all;
    }
}
