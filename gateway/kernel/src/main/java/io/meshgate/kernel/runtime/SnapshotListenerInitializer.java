package io.meshgate.kernel.runtime;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Sets up every connection accepted by a mesh or tunnel listener from the snapshot current at accept time
 * (the connection keeps that listener's rules for its life; a config swap changes them for later ones). A
 * connection accepted after a swap removed the listener, or over the listener's cap, is closed at once; the
 * rest is the listener kind's connection handling ({@code accept}).
 *
 * @param <L> the listener's compiled runtime
 */
final class SnapshotListenerInitializer<L> extends ChannelInitializer<Channel> {
    private final ProxyRuntime runtime;
    private final ConnectionCounter counter;
    private final Function<RuntimeSnapshot, L> listenerIn;
    private final ToIntFunction<L> connectionLimit;
    private final BiConsumer<Channel, L> accept;

    /**
     * @param listenerIn      the listener in a snapshot, null when the snapshot has none of its name
     * @param connectionLimit the listener's cap on open connections
     * @param accept          sets up an admitted connection
     */
    SnapshotListenerInitializer(ProxyRuntime runtime, ConnectionCounter counter, Function<RuntimeSnapshot, L> listenerIn,
                                ToIntFunction<L> connectionLimit, BiConsumer<Channel, L> accept) {
        this.runtime = runtime;
        this.counter = counter;
        this.listenerIn = listenerIn;
        this.connectionLimit = connectionLimit;
        this.accept = accept;
    }

    @Override
    protected void initChannel(Channel ch) {
        L listener = listenerIn.apply(runtime.snapshot());
        if (listener == null) {
            ch.close();
            return;
        }
        if (!counter.admit(ch, connectionLimit.applyAsInt(listener))) {
            return;
        }
        accept.accept(ch, listener);
    }
}
