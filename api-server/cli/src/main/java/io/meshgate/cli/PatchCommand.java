package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;

/**
 * {@code patch KIND NAME -p JSON [--type merge|json]}: an RFC 7386 merge patch or an RFC 6902 JSON
 * patch. kubectl's default, {@code strategic}, is treated as a merge patch: for the custom resources
 * Meshgate serves, kubectl itself refuses strategic patches, so merge is what users mean.
 */
@Command(name = "patch", description = "Patch a resource with a merge or JSON patch.")
final class PatchCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "KIND")
    String kind;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Option(names = {"-p", "--patch"}, required = true, paramLabel = "JSON", description = "the patch")
    String patch;

    @Option(names = "--type", paramLabel = "TYPE", description = "merge (default) or json")
    String type = "merge";

    @Override
    void run() {
        String contentType = switch (type.toLowerCase(Locale.ROOT)) {
            case "merge", "strategic" -> "application/merge-patch+json";
            case "json" -> "application/json-patch+json";
            default -> throw usage("--type must be merge or json, not '" + type + "'");
        };
        JsonNode body = Json.parseArgument("--patch", patch);
        if (contentType.startsWith("application/json-patch") && !body.isArray()) {
            throw usage("a JSON patch (--type json) is an array of operations");
        }
        if (contentType.startsWith("application/merge-patch") && !body.isObject()) {
            throw usage("a merge patch is a JSON object");
        }
        KindRef ref = catalog().resolve(kind);
        String before = resourceVersion(api().get(ref.objectPath(namespace(), name)));
        JsonNode after = api().patch(ref.objectPath(namespace(), name), contentType, Json.write(body));
        boolean changed = !before.equals(resourceVersion(after));
        out().println(ref.qualifiedName() + "/" + name + " patched" + (changed ? "" : " (no change)"));
    }

    private static String resourceVersion(JsonNode object) {
        return object.path("metadata").path("resourceVersion").asText("");
    }
}
