package io.meshgate.kernel.upstream;

/**
 * Idle and busy connection counts of one pool. Written only by the pool's event loop, read by
 * metric scrapes on any thread: a single writer makes the volatile read-modify-write safe.
 */
final class PoolGauges {
    /** Connections being opened count in neither gauge. */
    static final int NONE = 0;
    static final int IDLE = 1;
    static final int ACTIVE = 2;

    private volatile int idle;
    private volatile int active;

    /** Moves one connection between classes and returns its new class. */
    int move(int from, int to) {
        if (from != to) {
            add(from, -1);
            add(to, 1);
        }
        return to;
    }

    private void add(int kind, int delta) {
        if (kind == IDLE) {
            idle = idle + delta;
        } else if (kind == ACTIVE) {
            active = active + delta;
        }
    }

    int idle() {
        return idle;
    }

    int active() {
        return active;
    }
}
