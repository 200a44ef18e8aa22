package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.StoredObject;
import io.meshgate.db.Tx;
import io.meshgate.resources.Resource;

import java.lang.ref.WeakReference;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Service cluster IPs, as the Kubernetes API server assigns them: a Service written without
 * {@code spec.clusterIP} gets the lowest free address of the {@link ServiceCidr}; {@code None}
 * (headless) and ExternalName Services get none. Once set the address is immutable; an update
 * that omits it keeps it. An address the client asks for must lie in the block and be free.
 * {@code spec.clusterIPs} mirrors {@code spec.clusterIP} (single stack).
 *
 * <p>Allocation happens inside the write transaction of the Service, and the store runs one write
 * transaction at a time, so two concurrent writes can never take the same address. The addresses
 * in use are read once per transaction (an apply of many Services reads them once).
 */
final class ClusterIps {
    static final String NONE = "None";
    private static final String CLUSTER_IP = "spec.clusterIP";
    private static final String CLUSTER_IPS = "spec.clusterIPs";

    private final ServiceCidr cidr;
    /** The transaction {@link #inUse} belongs to; a new transaction reads the addresses again. */
    private WeakReference<Tx> inUseTx = new WeakReference<>(null);
    private InUse inUse;

    ClusterIps(ServiceCidr cidr) {
        this.cidr = cidr;
    }

    ServiceCidr cidr() {
        return cidr;
    }

    /**
     * The Service as it is stored: its cluster IP kept, checked or allocated inside {@code tx}.
     *
     * @param before the stored Service, or null on create
     * @throws ApiException 422 naming {@code spec.clusterIP} (or {@code spec.clusterIPs}) for a
     *                      changed, foreign, taken or mismatched address; 409 when the block is full
     */
    Resource assign(Tx tx, ResourceWrites.Candidate c, StoredObject before) {
        Resource service = c.resource();
        ObjectNode spec = service.spec();
        String requested = requested(spec, c);
        String previous = before == null ? null : Jsons.readStored(before.bodyJson()).path("spec")
                .path("clusterIP").asText(null);
        if (previous != null && previous.isEmpty()) {
            previous = null;
        }
        if ("ExternalName".equals(spec.path("type").asText())) {
            // Kubernetes releases the address when a Service becomes ExternalName
            if (requested != null) {
                throw invalid(c, CLUSTER_IP, "Forbidden: may not be set for an ExternalName Service");
            }
            return service;
        }
        String assigned;
        if (requested == null) {
            assigned = previous != null ? previous : allocate(tx, c);
        } else if (previous != null) {
            if (!sameAddress(requested, previous)) {
                throw invalid(c, CLUSTER_IP, "Invalid value: \"" + requested + "\": field is immutable (the Service has "
                        + previous + "; delete and recreate it to change the address)");
            }
            assigned = previous;
        } else if (requested.equals(NONE)) {
            assigned = NONE;
        } else {
            assigned = claim(tx, c, requested);
        }
        spec.put("clusterIP", assigned);
        spec.putArray("clusterIPs").add(assigned);
        return service.withSpec(spec);
    }

    /**
     * For a dry run: the Service with the address it keeps on update (none is allocated or checked).
     *
     * @param before the stored Service, or null
     */
    Resource keepAssigned(Resource service, StoredObject before) {
        ObjectNode spec = service.spec();
        if (before == null || spec.hasNonNull("clusterIP") || spec.hasNonNull("clusterIPs")
                || "ExternalName".equals(spec.path("type").asText())) {
            return service;
        }
        JsonNode stored = Jsons.readStored(before.bodyJson()).path("spec");
        if (!stored.hasNonNull("clusterIP")) {
            return service;
        }
        spec.set("clusterIP", stored.get("clusterIP"));
        spec.putArray("clusterIPs").add(stored.get("clusterIP").asText());
        return service.withSpec(spec);
    }

    /** {@code spec.clusterIP}, or {@code spec.clusterIPs[0]} when only that is set; null for neither. */
    private static String requested(ObjectNode spec, ResourceWrites.Candidate c) {
        String single = spec.path("clusterIP").asText("");
        JsonNode list = spec.path("clusterIPs");
        if (list.size() > 1) {
            throw invalid(c, CLUSTER_IPS, "Invalid value: only one address: this server assigns single-stack cluster"
                    + " IPs from one service CIDR");
        }
        String first = list.size() == 1 ? list.get(0).asText("") : "";
        if (!single.isEmpty() && !first.isEmpty() && !sameAddress(single, first)) {
            throw invalid(c, CLUSTER_IPS + "[0]", "Invalid value: \"" + first + "\": must be the same address as "
                    + CLUSTER_IP + " (\"" + single + "\")");
        }
        String value = single.isEmpty() ? first : single;
        return value.isEmpty() ? null : value;
    }

    private String claim(Tx tx, ResourceWrites.Candidate c, String requested) {
        if (!cidr.assignable(requested)) {
            throw invalid(c, CLUSTER_IP, "Invalid value: \"" + requested + "\": provided IP is not in the valid range;"
                    + " the range of valid IPs is " + cidr + " without its first and last address");
        }
        InUse used = inUse(tx);
        BigInteger number = cidr.numberOf(requested);
        String owner = used.owners.get(number);
        String self = key(c.storeNamespace(), c.resource().name());
        if (owner != null && !owner.equals(self)) {
            throw invalid(c, CLUSTER_IP, "Invalid value: \"" + requested + "\": provided IP is already allocated"
                    + " to Service " + owner);
        }
        used.owners.put(number, self);
        return requested;
    }

    private String allocate(Tx tx, ResourceWrites.Candidate c) {
        InUse used = inUse(tx);
        BigInteger candidate = used.lowestFree;
        while (candidate.compareTo(cidr.lastAssignable()) <= 0 && used.owners.containsKey(candidate)) {
            candidate = candidate.add(BigInteger.ONE);
        }
        if (candidate.compareTo(cidr.lastAssignable()) > 0) {
            throw ApiException.conflict("no free cluster IP is left in the service CIDR " + cidr + " for Service "
                    + key(c.storeNamespace(), c.resource().name()) + "; delete a Service or start the server with a"
                    + " wider --service-cidr");
        }
        used.owners.put(candidate, key(c.storeNamespace(), c.resource().name()));
        // addresses are only taken within one transaction, so nothing below the candidate frees up
        used.lowestFree = candidate.add(BigInteger.ONE);
        return cidr.format(candidate);
    }

    /** The addresses of every Service in {@code tx}, read at the transaction's first need. */
    private synchronized InUse inUse(Tx tx) {
        if (inUseTx.get() != tx) {
            InUse fresh = new InUse(new HashMap<>(), cidr.first());
            for (StoredObject s : tx.list("Service", null)) {
                String ip = Jsons.readStored(s.bodyJson()).path("spec").path("clusterIP").asText("");
                BigInteger number = ip.isEmpty() || ip.equals(NONE) ? null : numberOrNull(ip);
                if (number != null) {
                    fresh.owners.put(number, key(s.namespace(), s.name()));
                }
            }
            inUse = fresh;
            inUseTx = new WeakReference<>(tx);
        }
        return inUse;
    }

    private BigInteger numberOrNull(String ip) {
        try {
            return cidr.numberOf(ip);
        } catch (IllegalArgumentException storedBeforeValidation) {
            return null;
        }
    }

    private static boolean sameAddress(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return ServiceCidr.Address.parse(a).equals(ServiceCidr.Address.parse(b));
        } catch (IllegalArgumentException notAnAddress) {
            return false; // "None" against an address
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static ApiException invalid(ResourceWrites.Candidate c, String field, String message) {
        return ApiException.invalid("Service \"" + c.resource().name() + "\" is invalid", List.of(
                new ApiException.Detail(field, message, c.document(), c.line() > 0 ? c.line() : null)));
    }

    /** Addresses in use (number to {@code namespace/name}) and where to look for the next free one. */
    private static final class InUse {
        final Map<BigInteger, String> owners;
        BigInteger lowestFree;

        InUse(Map<BigInteger, String> owners, BigInteger lowestFree) {
            this.owners = owners;
            this.lowestFree = lowestFree;
        }
    }
}
