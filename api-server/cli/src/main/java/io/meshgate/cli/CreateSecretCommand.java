package io.meshgate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code create secret}: groups the {@code generic} and {@code tls} forms. */
@Command(name = "secret", description = "Create a Secret.",
        subcommands = {SecretCommands.Generic.class, SecretCommands.Tls.class})
final class CreateSecretCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "create secret needs a type: generic or tls");
    }
}
