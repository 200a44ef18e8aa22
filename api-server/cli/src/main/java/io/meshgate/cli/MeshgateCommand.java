package io.meshgate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The {@code meshgate} command and its global options, which every subcommand inherits (so they
 * may be written before or after the subcommand, as with kubectl).
 */
@Command(name = "meshgate", mixinStandardHelpOptions = true, version = "meshgate 0.1.0",
        description = "Manage Meshgate resources through its admin REST API.",
        subcommands = {ApplyCommand.class, GetCommand.class, DeleteCommand.class, PatchCommand.class,
                CreateCommand.class, AuditCommand.class, RevertCommand.class, ProxyCommand.class,
                NamespaceCommand.class})
public final class MeshgateCommand implements Callable<Integer> {
    static final String DEFAULT_SERVER = "http://127.0.0.1:9091";
    static final String DEFAULT_NAMESPACE = "default";

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "API base URL (default: $MESHGATE_SERVER, else " + DEFAULT_SERVER + ")")
    String server;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "bearer token (default: $MESHGATE_TOKEN, else ./data/admin.token)")
    String token;

    @Option(names = "--ca-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "PEM CA to trust for an https server (default: $MESHGATE_CA_FILE, else ./data/ca/ca.crt"
                    + " when present)")
    String caFile;

    @Option(names = {"-n", "--namespace"}, scope = ScopeType.INHERIT, paramLabel = "NS",
            description = "namespace (default: " + DEFAULT_NAMESPACE + ")")
    String namespace;

    @Spec
    CommandSpec spec;

    private final CliContext ctx;

    MeshgateCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    CliContext context() {
        return ctx;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a command is required (apply, get, delete, patch, create,"
                + " audit, revert, proxy, namespace)");
    }
}
