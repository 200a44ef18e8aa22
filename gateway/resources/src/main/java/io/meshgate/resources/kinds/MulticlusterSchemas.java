package io.meshgate.resources.kinds;

import io.meshgate.resources.schema.Format;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.IpAddresses;
import java.util.Optional;

/** Formats of FSM's multi-cluster kinds. */
final class MulticlusterSchemas {
    private MulticlusterSchemas() {}

    /** {@code region/zone/group/cluster}, each a DNS label, e.g. {@code default/default/default/cluster-1}. */
    static final Format CLUSTER_KEY = value -> {
        String[] parts = value.split("/", -1);
        if (parts.length != 4) {
            return Optional.of("must be region/zone/group/cluster, e.g. default/default/default/cluster-1");
        }
        for (String part : parts) {
            Optional<String> problem = Formats.DNS1123_LABEL.problem(part);
            if (problem.isPresent()) {
                return Optional.of("each part of region/zone/group/cluster " + problem.get());
            }
        }
        return Optional.empty();
    };

    /** A host name or an IP address. */
    static final Format HOST_OR_IP = value -> IpAddresses.isIp(value) ? Optional.empty()
            : Formats.DNS1123_SUBDOMAIN.problem(value).map(p -> "must be an IP address or a host name: " + p);
}
