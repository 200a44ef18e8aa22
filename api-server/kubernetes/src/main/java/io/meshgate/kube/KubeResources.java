package io.meshgate.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshgate.reconcile.ParseCache;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceParseException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Converts fabric8 objects to the resources module's {@link Resource}: fabric8 writes the object as
 * JSON (its own Jackson 3), {@link ResourceCodec} reads it back (Jackson 2), so the translator sees
 * exactly what the API server holds, with no field-by-field mapping to keep in step with fabric8.
 *
 * <p>Converting every Secret and Service on each pass would parse the same JSON over and over,
 * so results are remembered by uid and resourceVersion (which the API server changes on every
 * write) in a {@link ParseCache}: {@link #sweep()} forgets whatever was not converted since the
 * previous sweep, so deleted objects do not pile up. Not thread-safe: one snapshot source owns it.
 */
public final class KubeResources {
    private static final System.Logger LOG = System.getLogger(KubeResources.class.getName());

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final ObjectMapper mapper = new ObjectMapper();
    private final ResourceCodec codec = new ResourceCodec();
    private final ParseCache parsed = new ParseCache();

    /** Converts each object, leaving out (and logging) any the resource model cannot read. */
    public List<Resource> convertAll(Collection<? extends HasMetadata> objects) {
        List<Resource> out = new ArrayList<>(objects.size());
        for (HasMetadata object : objects) {
            convert(object).ifPresent(out::add);
        }
        return out;
    }

    /** Converts one object; empty (and logged) when the resource model cannot read it. */
    public Optional<Resource> convert(HasMetadata object) {
        String uid = object.getMetadata() == null ? null : object.getMetadata().getUid();
        String version = object.getMetadata() == null ? null : object.getMetadata().getResourceVersion();
        if (uid == null) {
            return parse(object);
        }
        return parsed.get(object.getKind() + "/" + uid, version, () -> parse(object));
    }

    /** Forgets conversions not used since the previous sweep (call once per snapshot). */
    public void sweep() {
        parsed.sweep();
    }

    /** How many objects were parsed (an unchanged object once). */
    public long parses() {
        return parsed.parses();
    }

    private Optional<Resource> parse(HasMetadata object) {
        try {
            JsonNode tree = mapper.readTree(serialization.asJson(object));
            if (tree instanceof ObjectNode node) {
                // items of a list response may come without apiVersion/kind; the Java type knows them
                if (!node.hasNonNull("apiVersion") && object.getApiVersion() != null) {
                    node.put("apiVersion", object.getApiVersion());
                }
                if (!node.hasNonNull("kind") && object.getKind() != null) {
                    node.put("kind", object.getKind());
                }
            }
            return Optional.of(codec.fromJson(tree));
        } catch (JsonProcessingException | ResourceParseException e) {
            LOG.log(Level.WARNING, "ignoring " + object.getKind() + " " + describe(object) + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String describe(HasMetadata object) {
        if (object.getMetadata() == null) {
            return "(no metadata)";
        }
        String ns = object.getMetadata().getNamespace();
        return ns == null ? object.getMetadata().getName() : ns + "/" + object.getMetadata().getName();
    }
}
