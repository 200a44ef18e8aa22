package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code namespace} (alias {@code ns}): FSM's {@code fsm namespace}, which enrols namespaces in a mesh by
 * labelling and annotating their Namespace objects, here through the REST API. The sidecar injector
 * ({@code POST /webhooks/inject}) reads the same two keys.
 */
@Command(name = "namespace", aliases = "ns", description = "Add namespaces to a mesh, remove them, list them (FSM's"
        + " fsm namespace).", subcommands = {NamespaceAddCommand.class, NamespaceRemoveCommand.class,
        NamespaceListCommand.class})
final class NamespaceCommand implements Callable<Integer> {
    static final String MONITORED_BY = "flomesh.io/monitored-by";
    static final String SIDECAR_INJECTION = "flomesh.io/sidecar-injection";
    static final String IGNORE = "flomesh.io/ignore";
    static final String DEFAULT_MESH = "fsm";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "namespace needs a subcommand: add, remove or list");
    }

    /** The API path of one Namespace (cluster-scoped, core group). */
    static String path(String name) {
        return "/api/v1/namespaces/" + ApiClient.segment(name);
    }

    static String label(JsonNode namespace, String key) {
        JsonNode value = namespace.path("metadata").path("labels").get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    static String annotation(JsonNode namespace, String key) {
        JsonNode value = namespace.path("metadata").path("annotations").get(key);
        return value == null || value.isNull() ? null : value.asText();
    }
}
