package io.meshgate.reconcile.sidecar;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.SnapshotObject;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The mesh of {@code sidecar/mesh.yaml} as snapshots. */
final class SidecarFixtures {
    static final String CURL = "sidecar.curl.curl-54ccc6954c-9rlvp";
    static final String HTTPBIN = "sidecar.httpbin.httpbin-5b8b94b9-lt2vs";

    private SidecarFixtures() {}

    static List<Resource> mesh() {
        try (InputStream in = SidecarFixtures.class.getResourceAsStream("/sidecar/mesh.yaml")) {
            return new ResourceCodec().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A snapshot whose objects carry versions, at a content revision the reconciler can remember. */
    static ResourceSnapshot snapshot(long revision, long contentRevision, List<Resource> resources) {
        Map<String, List<SnapshotObject>> byKind = new TreeMap<>();
        resources.forEach(r -> byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>())
                .add(new SnapshotObject(r, Long.toString(revision))));
        return new ResourceSnapshot(revision, contentRevision, byKind);
    }

    /** {@code resources} with {@code kind namespace/name} left out. */
    static List<Resource> without(List<Resource> resources, String kind, String namespace, String name) {
        return resources.stream().filter(r -> !(r.kind().equals(kind) && r.namespace().equals(namespace)
                && r.name().equals(name))).toList();
    }

    /** {@code resources} with the MeshConfig's permissive mode set to {@code on}. */
    static List<Resource> permissive(List<Resource> resources, boolean on) {
        return resources.stream().map(r -> {
            if (!r.kind().equals("MeshConfig")) {
                return r;
            }
            ObjectNode spec = r.spec();
            ((ObjectNode) spec.get("traffic")).put("enablePermissiveTrafficPolicyMode", on);
            return r.withSpec(spec);
        }).toList();
    }
}
