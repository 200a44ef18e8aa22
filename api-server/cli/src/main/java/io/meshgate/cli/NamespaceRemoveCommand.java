package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code namespace remove NS}: FSM's {@code fsm namespace remove}. Takes the label
 * {@code flomesh.io/monitored-by} and the annotation {@code flomesh.io/sidecar-injection} off the Namespace
 * (one merge patch); pods running there keep their sidecars until they are recreated, as with FSM. A
 * namespace of another mesh, or of none, is an error naming which.
 */
@Command(name = "remove", description = "Remove a namespace from the mesh (its label and injection annotation).")
final class NamespaceRemoveCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAMESPACE")
    String name;

    @Option(names = "--mesh-name", paramLabel = "NAME", description = "the mesh (default: fsm)")
    String meshName = NamespaceCommand.DEFAULT_MESH;

    @Override
    void run() {
        JsonNode existing = api().get(NamespaceCommand.path(name));
        String mesh = NamespaceCommand.label(existing, NamespaceCommand.MONITORED_BY);
        if (mesh == null) {
            throw new CliException("Namespace [" + name + "] already does not belong to any mesh");
        }
        if (!mesh.equals(meshName)) {
            throw new CliException("Namespace belongs to mesh [" + mesh + "], not mesh [" + meshName
                    + "]. Please specify the correct mesh with --mesh-name");
        }
        ObjectNode patch = Json.MAPPER.createObjectNode();
        ObjectNode metadata = patch.putObject("metadata");
        metadata.putObject("labels").putNull(NamespaceCommand.MONITORED_BY);
        metadata.putObject("annotations").putNull(NamespaceCommand.SIDECAR_INJECTION);
        api().patch(NamespaceCommand.path(name), "application/merge-patch+json", Json.write(patch));
        out().println("Namespace [" + name + "] successfully removed from mesh [" + meshName + "]");
    }
}
