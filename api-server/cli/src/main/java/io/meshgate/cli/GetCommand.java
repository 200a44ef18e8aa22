package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code get KIND [NAME]}: a table by default, or the objects as YAML or JSON. */
@Command(name = "get", description = "Show one resource or list a kind.")
final class GetCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "KIND", description = "kind: plural, singular or Kind name")
    String kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME")
    String name;

    @Option(names = {"-A", "--all-namespaces"}, description = "list across all namespaces")
    boolean allNamespaces;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = OutputConverter.class,
            description = "yaml, json, wide or name")
    OutputFormat output = OutputFormat.TABLE;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "label selector, e.g. app=web,tier")
    String selector;

    Clock clock = Clock.systemUTC();

    @Override
    void run() {
        if (allNamespaces && name != null) {
            throw usage("a resource cannot be retrieved by name across all namespaces");
        }
        KindRef ref = catalog().resolve(kind);
        List<JsonNode> objects;
        if (name != null) {
            objects = List.of(api().get(ref.objectPath(namespace(), name)));
        } else {
            objects = list(ref);
        }
        print(ref, objects);
    }

    /** Follows {@code metadata.continue} until the server has sent every page. */
    private List<JsonNode> list(KindRef ref) {
        List<JsonNode> items = new ArrayList<>();
        String next = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("labelSelector", selector);
            query.put("continue", next);
            JsonNode page = api().get(ApiClient.withQuery(ref.collectionPath(allNamespaces ? null : namespace()), query));
            page.path("items").forEach(items::add);
            next = page.path("metadata").path("continue").asText("");
        } while (!next.isEmpty());
        return items;
    }

    private void print(KindRef ref, List<JsonNode> objects) {
        switch (output) {
            case YAML -> out().print(Json.yaml(single(objects)));
            case JSON -> out().println(Json.pretty(single(objects)));
            case NAME -> objects.forEach(o -> out().println(ref.qualifiedName() + "/" + o.path("metadata").path("name").asText()));
            case TABLE, WIDE -> {
                if (objects.isEmpty()) {
                    ctx().err().println(ref.namespaced() && !allNamespaces
                            ? "No resources found in " + namespace() + " namespace."
                            : "No resources found");
                    return;
                }
                ResourceTable.of(ref, objects, output == OutputFormat.WIDE, clock.instant()).render()
                        .forEach(out()::println);
            }
        }
    }

    /** One object as itself (get KIND NAME), several as a kubectl-style List. */
    private JsonNode single(List<JsonNode> objects) {
        if (name != null) {
            return objects.get(0);
        }
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        ArrayNode items = list.putArray("items");
        objects.forEach(items::add);
        return list;
    }
}
