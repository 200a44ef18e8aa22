package io.meshgate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code audit show ID}: one change with its patch; {@code -o yaml|json} prints the whole row. */
@Command(name = "show", description = "Show one audited change with its patch.")
final class AuditShowCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ID")
    long id;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = OutputConverter.class,
            description = "yaml or json: the full row, with before and after")
    OutputFormat output;

    @Override
    void run() {
        var row = api().get("/api/v1/audit/" + id);
        if (output == OutputFormat.YAML) {
            out().print(Json.yaml(row));
        } else if (output == OutputFormat.JSON) {
            out().println(Json.pretty(row));
        } else {
            AuditTable.details(row).forEach(out()::println);
        }
    }
}
