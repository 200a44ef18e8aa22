package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code namespace add NS...}: FSM's {@code fsm namespace add}. Labels each Namespace
 * {@code flomesh.io/monitored-by=<mesh>} and annotates it {@code flomesh.io/sidecar-injection: enabled}
 * ({@code disabled} with {@code --disable-sidecar-injection}) with one merge patch, so pods created there
 * afterwards get the sidecar. A namespace of another mesh, or labelled {@code flomesh.io/ignore}, is refused
 * as FSM refuses it. Unlike on Kubernetes, a Namespace is an object one declares in the standalone store, so
 * one that does not exist yet is created labelled.
 *
 * <p>The control plane's own namespace ({@code --fsm-namespace}, else {@code $MESHGATE_NAMESPACE}, the
 * variable the control plane reads, else {@code fsm-system}) and {@code kube-system} are refused before
 * anything is changed: FSM refuses a namespace hosting its controller, and injecting sidecars into the
 * control plane or into Kubernetes' own components would cut them off from the cluster they run.
 */
@Command(name = "add", description = "Add namespaces to the mesh: label flomesh.io/monitored-by and annotate"
        + " flomesh.io/sidecar-injection.")
final class NamespaceAddCommand extends ApiCommand {
    @Parameters(arity = "1..*", paramLabel = "NAMESPACE")
    List<String> namespaces;

    @Option(names = "--mesh-name", paramLabel = "NAME", description = "the mesh (default: fsm)")
    String meshName = NamespaceCommand.DEFAULT_MESH;

    @Option(names = "--disable-sidecar-injection", description = "annotate sidecar injection disabled: the namespace"
            + " is monitored, its pods get no sidecar unless they ask for one")
    boolean disableSidecarInjection;

    @Option(names = "--fsm-namespace", paramLabel = "NS", description = "the control plane's namespace, never added"
            + " (default: $" + CONTROL_PLANE_NAMESPACE_ENV + ", else " + DEFAULT_CONTROL_PLANE_NAMESPACE + ")")
    String controlPlaneNamespace;

    /** The variable the control plane reads its namespace from (the chart sets it). */
    static final String CONTROL_PLANE_NAMESPACE_ENV = "MESHGATE_NAMESPACE";
    static final String DEFAULT_CONTROL_PLANE_NAMESPACE = "fsm-system";
    /** Kubernetes' own components: never in a mesh. */
    static final String KUBE_SYSTEM = "kube-system";

    @Override
    void run() {
        String injection = disableSidecarInjection ? "disabled" : "enabled";
        String controlPlane = controlPlaneNamespace();
        for (String name : namespaces) {
            if (name.equals(controlPlane)) {
                throw new CliException("Namespace [" + name + "] is the namespace of the control plane and cannot be"
                        + " added to mesh [" + meshName + "] (its pods must not get sidecars; another control plane"
                        + " namespace: --fsm-namespace)");
            }
            if (name.equals(KUBE_SYSTEM)) {
                throw new CliException("Namespace [" + name + "] holds Kubernetes' own components and cannot be added"
                        + " to mesh [" + meshName + "]");
            }
        }
        for (String name : namespaces) {
            JsonNode existing = find(name);
            if (existing == null) {
                api().post("/api/v1/apply", "application/json", Json.write(namespace(name, injection)));
                out().println("namespace/" + name + " created");
            } else {
                String mesh = NamespaceCommand.label(existing, NamespaceCommand.MONITORED_BY);
                if (mesh != null && !mesh.equals(meshName)) {
                    throw new CliException("Namespace [" + name + "] already has [" + NamespaceCommand.MONITORED_BY
                            + "] set to [" + mesh + "]: remove it from mesh [" + mesh + "] first (namespace remove "
                            + name + " --mesh-name " + mesh + ")");
                }
                if (NamespaceCommand.label(existing, NamespaceCommand.IGNORE) != null) {
                    throw new CliException("Namespace [" + name + "] is labelled [" + NamespaceCommand.IGNORE
                            + "]: the mesh leaves it alone; remove the label first");
                }
                api().patch(NamespaceCommand.path(name), "application/merge-patch+json",
                        Json.write(metadata(injection)));
            }
            out().println("Namespace [" + name + "] successfully added to mesh [" + meshName + "]");
        }
    }

    private String controlPlaneNamespace() {
        if (controlPlaneNamespace != null && !controlPlaneNamespace.isBlank()) {
            return controlPlaneNamespace;
        }
        String env = ctx().env().get(CONTROL_PLANE_NAMESPACE_ENV);
        return env == null || env.isBlank() ? DEFAULT_CONTROL_PLANE_NAMESPACE : env;
    }

    /** The Namespace, or null when the API has none of that name. */
    private JsonNode find(String name) {
        try {
            return api().get(NamespaceCommand.path(name));
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    private ObjectNode namespace(String name, String injection) {
        ObjectNode body = metadata(injection);
        body.put("apiVersion", "v1");
        body.put("kind", "Namespace");
        ((ObjectNode) body.get("metadata")).put("name", name);
        return body;
    }

    private ObjectNode metadata(String injection) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode metadata = body.putObject("metadata");
        metadata.putObject("labels").put(NamespaceCommand.MONITORED_BY, meshName);
        metadata.putObject("annotations").put(NamespaceCommand.SIDECAR_INJECTION, injection);
        return body;
    }
}
