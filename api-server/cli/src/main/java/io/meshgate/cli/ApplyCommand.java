package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code apply -f FILE|-}: sends the manifests to {@code POST /api/v1/apply} (all or nothing) and
 * prints one kubectl-style line per object.
 */
@Command(name = "apply", description = "Create or update resources from files or stdin (all or nothing).")
final class ApplyCommand extends ApiCommand {
    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "manifest file (YAML, multi-document, or JSON); - reads stdin; repeatable")
    List<String> files;

    @Option(names = "--dry-run", description = "validate and report what would change; store nothing")
    boolean dryRun;

    @Override
    void run() {
        List<Manifest> manifests = Manifest.read(files, ctx());
        String contentType;
        String body;
        if (manifests.size() == 1) {
            // one source goes as typed, so the server's line numbers point into the user's file
            Manifest m = manifests.get(0);
            contentType = m.isJson() ? "application/json" : "application/yaml";
            body = m.text();
        } else {
            contentType = "application/json";
            body = Json.write(asList(manifests));
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("dryRun", String.valueOf(dryRun));
        // -n, as with kubectl: the namespace of objects that name none; others must name the same one
        query.put("namespace", namespaceGiven() ? namespace() : null);
        String path = ApiClient.withQuery("/api/v1/apply", query);
        JsonNode response = api().post(path, contentType, body);
        KindCatalog kinds = catalog();
        String suffix = response.path("dryRun").asBoolean() ? " (server dry run)" : "";
        for (JsonNode r : response.path("results")) {
            out().println(kinds.qualifiedName(r.path("kind").asText()) + "/" + r.path("name").asText() + " "
                    + r.path("result").asText() + suffix);
        }
    }

    /** Several sources travel as one List, so the server still applies them in one transaction. */
    private static ObjectNode asList(List<Manifest> manifests) {
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        ArrayNode items = list.putArray("items");
        manifests.forEach(m -> m.objects().forEach(items::add));
        return list;
    }
}
