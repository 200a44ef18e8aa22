package io.meshgate.kernel.upstream;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A consistent-hash ring keyed by the client's address bytes (FSM's {@code HASHING} policy and
 * {@code session-sticky}). Each endpoint owns {@value #POINTS_PER_WEIGHT} points per unit of weight,
 * placed by hashing its {@code address:port}, so a client keeps landing on the same endpoint, and
 * removing an endpoint moves only the clients it owned. The hash is a fixed function (not
 * {@link Object#hashCode()}), so every proxy replica and every restart agrees on the mapping.
 *
 * <p>Immutable after construction: {@link #pick} is a binary search, thread-safe and lock-free.
 */
public final class ConsistentHashBalancer implements LoadBalancer {
    static final int POINTS_PER_WEIGHT = 100;
    /** Ring size cap; beyond it the points per endpoint are scaled down proportionally. */
    static final int MAX_POINTS = 1 << 18;

    private final long[] points;
    private final EndpointState[] owners;

    public ConsistentHashBalancer(List<EndpointState> endpoints) {
        List<EndpointState> eligible = new ArrayList<>();
        long wanted = 0;
        for (EndpointState e : endpoints) {
            if (e.weight() > 0) {
                eligible.add(e);
                wanted += (long) POINTS_PER_WEIGHT * e.weight();
            }
        }
        List<Point> ring = new ArrayList<>();
        for (EndpointState e : eligible) {
            long count = (long) POINTS_PER_WEIGHT * e.weight();
            if (wanted > MAX_POINTS) {
                count = Math.max(1, count * MAX_POINTS / wanted);
            }
            String key = e.endpoint().address() + ":" + e.endpoint().port();
            for (int i = 0; i < count; i++) {
                ring.add(new Point(hash((key + "#" + i).getBytes(StandardCharsets.UTF_8)), key, e));
            }
        }
        // ties (practically impossible with 64 bits) are ordered by key so input order never matters
        ring.sort(Comparator.comparingLong(Point::hash).thenComparing(Point::key));
        this.points = new long[ring.size()];
        this.owners = new EndpointState[ring.size()];
        for (int i = 0; i < ring.size(); i++) {
            points[i] = ring.get(i).hash();
            owners[i] = ring.get(i).owner();
        }
    }

    private record Point(long hash, String key, EndpointState owner) {}

    @Override
    public EndpointState pick(InetAddress clientAddress) {
        if (points.length == 0) {
            return null;
        }
        // no address to be sticky on: spread by weight instead of piling everyone on one point
        long key = clientAddress == null ? ThreadLocalRandom.current().nextLong() : hash(clientAddress.getAddress());
        int i = Arrays.binarySearch(points, key);
        if (i < 0) {
            i = -(i + 1);
            if (i == points.length) {
                i = 0;
            }
        }
        return owners[i];
    }

    int ringSize() {
        return points.length;
    }

    /** 64-bit FNV-1a followed by MurmurHash3's finaliser for a good spread of short keys. */
    static long hash(byte[] data) {
        long h = 0xcbf29ce484222325L;
        for (byte b : data) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
