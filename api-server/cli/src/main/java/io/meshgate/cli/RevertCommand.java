package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code revert ID}: puts back an object's state from before an audited change. */
@Command(name = "revert", description = "Undo one audited change (restores the object as it was before it).")
final class RevertCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "audit row id (see: meshgate audit)")
    long id;

    @Override
    void run() {
        JsonNode r = api().post("/api/v1/audit/" + id + "/revert", "application/json", "{}");
        String kind = r.path("kind").asText();
        String ns = r.path("namespace").asText("");
        out().println("reverted change " + id + ": " + catalog().qualifiedName(kind) + "/" + r.path("name").asText()
                + (ns.isEmpty() ? "" : " in " + ns) + " " + r.path("result").asText());
    }
}
