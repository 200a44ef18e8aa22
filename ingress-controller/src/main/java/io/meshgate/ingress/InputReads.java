package io.meshgate.ingress;

import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * Every input object one Ingress's preparation ({@link PreparedIngress}) looked up, with what it found:
 * the Secrets its annotations name (and their consent annotations), the Services and Endpoints of its
 * backends (and of the backends of TrafficSplits rooted at them), and the TrafficSplits rooted at each
 * backend Service. The preparation is a function of the Ingress and of these reads only, so it still
 * holds for other inputs when the Ingress is the same object and every lookup finds the same object
 * again (or again nothing). Objects are compared by identity: a {@link Resource} is immutable, and the
 * snapshot keeps unchanged objects as the same instances.
 */
final class InputReads {
    /** One lookup by kind, namespace and name, and the object it found (null: none). */
    private record Read(String kind, String namespace, String name, Resource found) {}

    /** The TrafficSplits rooted at one Service, in the order the translator saw them. */
    private record SplitRead(String namespace, String service, List<Resource> splits) {}

    private final List<Read> reads = new ArrayList<>();
    private final List<SplitRead> splitReads = new ArrayList<>();

    void found(String kind, String namespace, String name, Resource found) {
        reads.add(new Read(kind, namespace, name, found));
    }

    void splits(String namespace, String service, List<Resource> splits) {
        splitReads.add(new SplitRead(namespace, service, List.copyOf(splits)));
    }

    /** True when every recorded lookup finds the very same object (or nothing) in the other inputs. */
    boolean stillHold(ResourceFinder finder, IngressSplits splits) {
        for (Read read : reads) {
            if (finder.find(read.kind(), read.namespace(), read.name()).orElse(null) != read.found()) {
                return false;
            }
        }
        for (SplitRead read : splitReads) {
            List<Resource> now = splits.rootedAt(read.namespace(), read.service());
            if (now.size() != read.splits().size()) {
                return false;
            }
            for (int i = 0; i < now.size(); i++) {
                if (now.get(i) != read.splits().get(i)) {
                    return false;
                }
            }
        }
        return true;
    }
}
