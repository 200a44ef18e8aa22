package io.meshgate.resources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The default MeshConfig {@code fsm-mesh-config} in {@code fsm-system}, with FSM's Helm defaults
 * (read from {@code mesh-config-defaults.yaml} next to this class). The api-server stores it at
 * first start; users then change it with merge patches ({@link MergePatch}), as FSM's demos do.
 */
public final class MeshConfigDefaults {
    public static final String NAME = "fsm-mesh-config";
    public static final String NAMESPACE = "fsm-system";

    private static final String RESOURCE_FILE = "mesh-config-defaults.yaml";
    private static final Resource DEFAULTS = load();

    private MeshConfigDefaults() {}

    /** The default MeshConfig (immutable; its {@code spec.clusterSet.uid} is empty until the bootstrapper sets one). */
    public static Resource resource() {
        return DEFAULTS;
    }

    private static Resource load() {
        try (InputStream in = MeshConfigDefaults.class.getResourceAsStream(RESOURCE_FILE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE_FILE + " is missing from the classpath");
            }
            List<Resource> resources = new ResourceCodec().parseYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (resources.size() != 1 || !resources.get(0).kind().equals("MeshConfig")) {
                throw new IllegalStateException(RESOURCE_FILE + " must hold exactly one MeshConfig");
            }
            return resources.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
