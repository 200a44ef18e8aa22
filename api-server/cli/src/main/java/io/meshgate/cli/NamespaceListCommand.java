package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code namespace list}: FSM's {@code fsm namespace list}, the namespaces in a mesh with whether their
 * pods get the sidecar ({@code --mesh-name} for one mesh; all meshes by default).
 */
@Command(name = "list", aliases = "ls", description = "List the namespaces in a mesh.")
final class NamespaceListCommand extends ApiCommand {
    @Option(names = "--mesh-name", paramLabel = "NAME", description = "only this mesh (default: every mesh)")
    String meshName;

    @Override
    void run() {
        TextTable table = new TextTable(List.of("NAMESPACE", "MESH", "SIDECAR-INJECTION"));
        for (JsonNode ns : api().get("/api/v1/namespaces").path("items")) {
            String mesh = NamespaceCommand.label(ns, NamespaceCommand.MONITORED_BY);
            if (mesh == null || (meshName != null && !meshName.equals(mesh))) {
                continue;
            }
            String injection = NamespaceCommand.annotation(ns, NamespaceCommand.SIDECAR_INJECTION);
            table.row(List.of(ns.path("metadata").path("name").asText(), mesh,
                    injection == null ? "disabled" : injection));
        }
        if (table.isEmpty()) {
            out().println(meshName == null ? "No namespaces in any mesh" : "No namespaces in mesh [" + meshName + "]");
            return;
        }
        table.render().forEach(out()::println);
    }
}
