package io.meshgate.console.forms;

import java.net.URI;

/**
 * "Copy as curl" and "copy as CLI": the same apply the console does, as a command a person or a
 * script can run. The token is never written into the command: it reads {@code $MESHGATE_TOKEN}.
 */
public final class CopyCommands {
    private CopyCommands() {}

    /** {@code curl} posting the documents to {@code /api/v1/apply}. */
    public static String curl(URI api, String documents, boolean dryRun) {
        return "curl -sS -X POST '" + api + "/api/v1/apply" + (dryRun ? "?dryRun=true" : "") + "' \\\n"
                + "  -H \"Authorization: Bearer $MESHGATE_TOKEN\" -H 'Content-Type: application/yaml' \\\n"
                + "  --data-binary @- <<'MESHGATE_EOF'\n" + withNewline(documents) + "MESHGATE_EOF\n";
    }

    /** {@code bin/meshgate apply -f -} with the documents on standard input (the CLI reads {@code $MESHGATE_TOKEN}). */
    public static String cli(URI api, String documents) {
        return "bin/meshgate --server '" + api + "' apply -f - <<'MESHGATE_EOF'\n"
                + withNewline(documents) + "MESHGATE_EOF\n";
    }

    private static String withNewline(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }
}
