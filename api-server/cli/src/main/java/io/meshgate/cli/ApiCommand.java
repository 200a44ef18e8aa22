package io.meshgate.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** Base of the commands that call the API: global options, the client and the kind catalog. */
abstract class ApiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private ApiClient api;
    private KindCatalog catalog;

    @Override
    public final Integer call() {
        run();
        return 0;
    }

    /** Does the work; throws {@link CliException} to fail with status 1. */
    abstract void run();

    MeshgateCommand root() {
        return (MeshgateCommand) spec.root().userObject();
    }

    CliContext ctx() {
        return root().context();
    }

    PrintStream out() {
        return ctx().out();
    }

    String namespace() {
        String ns = root().namespace;
        return ns == null || ns.isBlank() ? MeshgateCommand.DEFAULT_NAMESPACE : ns;
    }

    /** True when the user typed {@code -n} (delete -f then overrides the manifests' namespaces). */
    boolean namespaceGiven() {
        return root().namespace != null && !root().namespace.isBlank();
    }

    ApiClient api() {
        if (api == null) {
            api = new ApiClient(Connection.server(root().server, ctx()), Connection.token(root().token, ctx()),
                    Connection.caFile(root().caFile, ctx()));
        }
        return api;
    }

    KindCatalog catalog() {
        if (catalog == null) {
            catalog = KindCatalog.fetch(api());
        }
        return catalog;
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
