package io.meshgate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code create}: only {@code create secret generic|tls} for now, the form FSM's demos use. */
@Command(name = "create", description = "Create a resource from command-line values.",
        subcommands = CreateSecretCommand.class)
final class CreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "create needs a subcommand: secret");
    }
}
