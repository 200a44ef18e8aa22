package io.meshgate.kernel;

/**
 * The socket transport's name, for {@code Main}'s start-up line only. The choice of transport lives in
 * {@link io.meshgate.kernel.transport.Transports}, below every package that opens sockets, so that no
 * kernel package depends on this root package (see KernelPackageCycleRulesTest). Delete this class
 * once {@code Main}, which is moving out of the kernel, asks that class for the name.
 */
public final class Transports {
    private Transports() {}

    public static String name() {
        return io.meshgate.kernel.transport.Transports.name();
    }
}
