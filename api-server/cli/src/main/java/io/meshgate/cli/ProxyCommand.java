package io.meshgate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code proxy}: operations on the mesh's proxies, as FSM's {@code fsm proxy}; {@code get} for now. */
@Command(name = "proxy", description = "Operations on proxies (FSM's fsm proxy).", subcommands = ProxyGetCommand.class)
final class ProxyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "proxy needs a subcommand: get");
    }
}
