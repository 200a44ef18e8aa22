package io.meshgate.kernel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.DownstreamTls;
import io.meshgate.config.SniPassthrough;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.pkitesting.X509Bundle;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ClientHello stage on an EmbeddedChannel: what is installed, and what is refused, byte by byte. */
class TlsDispatchHandlerTest {
    private static final X509Bundle CA = TestPki.rootCa("dispatch test CA");
    private static final ServerTlsContexts CONTEXTS = ServerTlsContexts.build(new DownstreamTls(List.of(
            TestPki.serverCertificate(TestPki.server(CA, "a.example.com"), null, "a.example.com")), null), true, SslProvider.JDK);
    private static final PassthroughTable DB_ONLY = PassthroughTable.compile(
            List.of(new SniPassthrough(List.of("db.example.com"), "db")), null);
    private static final TlsDispatchSettings SETTINGS = TlsDispatchSettings.DEFAULTS;

    private final List<PassthroughTarget> connects = new CopyOnWriteArrayList<>();
    private final List<String> sniEvents = new CopyOnWriteArrayList<>();
    private EmbeddedChannel channel;

    @AfterEach
    void release() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel channel(ServerTlsContexts contexts, PassthroughTable table, PassthroughConnector connector) {
        PassthroughConnector recording = (target, downstream) -> {
            connects.add(target);
            return connector.connect(target, downstream);
        };
        channel = new EmbeddedChannel(
                new TlsDispatchHandler(contexts, table, recording, (ch, alpn) -> { }, SETTINGS),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof SniCompletionEvent sni) {
                            sniEvents.add(String.valueOf(sni.hostname()));
                        }
                        ctx.fireUserEventTriggered(evt);
                    }
                });
        return channel;
    }

    private static PassthroughConnector failing() {
        return (target, downstream) -> downstream.eventLoop().newFailedFuture(new IllegalStateException("no endpoint"));
    }

    @Test
    void aClientHelloSplitIntoTinyRecordsIsReassembledAndTerminatedWithItsSni() {
        EmbeddedChannel ch = channel(CONTEXTS, DB_ONLY, failing());
        byte[] fragmented = ClientHellos.fragment(ClientHellos.withSni("a.example.com"), 5);
        // one byte at a time, the worst case for reassembly
        for (byte b : fragmented) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(sniEvents).containsExactly("a.example.com");
        assertThat(ch.pipeline().get(SslHandler.class)).isNotNull();
        assertThat(ch.pipeline().get(TlsDispatchHandler.class)).isNull();
        assertThat(connects).isEmpty();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aClientHelloLargerThanTheLimitIsRefused() {
        EmbeddedChannel ch = channel(CONTEXTS, DB_ONLY, failing());
        byte[] record = new byte[5 + 16384];
        record[0] = 0x16;
        record[1] = 0x03;
        record[2] = 0x01;
        record[3] = 0x40; // record length 16384
        record[5] = 0x01; // ClientHello, claiming 65536 bytes
        record[6] = 0x01;
        ch.writeInbound(Unpooled.wrappedBuffer(record));
        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.pipeline().get(SslHandler.class)).isNull();
    }

    @Test
    void aClientHelloNotCompleteBeforeTheDeadlineIsRefused() {
        EmbeddedChannel ch = channel(CONTEXTS, DB_ONLY, failing());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01}));
        ch.advanceTimeBy(SETTINGS.clientHelloTimeout().toMillis() - 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void anSniWithForbiddenCharactersIsRefusedBeforeAnyLookup() {
        EmbeddedChannel ch = channel(CONTEXTS, DB_ONLY, failing());
        byte[] hello = ClientHellos.replace(ClientHellos.withSni("dbxx.example.com"), "dbxx.example.com", "db\r\n.example.com");
        ch.writeInbound(Unpooled.wrappedBuffer(hello));
        assertThat(ch.isOpen()).isFalse();
        assertThat(connects).isEmpty();
        assertThat(ch.pipeline().get(SslHandler.class)).isNull();
    }

    @Test
    void aPassthroughOnlyListenerClosesUnknownSniNoSniAndNonTls() {
        for (byte[] input : List.of(ClientHellos.withSni("other.example.com"),
                ClientHellos.withSni("127.0.0.1"),
                "GET / HTTP/1.1\r\nHost: db.example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
            EmbeddedChannel ch = channel(null, DB_ONLY, failing());
            ch.writeInbound(Unpooled.wrappedBuffer(input));
            assertThat(ch.isOpen()).isFalse();
            assertThat(ch.outboundMessages()).isEmpty();
            ch.finishAndReleaseAll();
        }
        assertThat(connects).isEmpty();
    }

    @Test
    void aFailedOrThrowingConnectorClosesTheClient() {
        EmbeddedChannel failed = channel(CONTEXTS, DB_ONLY, failing());
        failed.writeInbound(Unpooled.wrappedBuffer(ClientHellos.withSni("db.example.com")));
        assertThat(failed.isOpen()).isFalse();
        failed.finishAndReleaseAll();

        EmbeddedChannel threw = channel(CONTEXTS, DB_ONLY, (target, downstream) -> {
            throw new IllegalStateException("bug in a connector");
        });
        threw.writeInbound(Unpooled.wrappedBuffer(ClientHellos.withSni("db.example.com")));
        assertThat(threw.isOpen()).isFalse();
        assertThat(connects).containsExactly(new PassthroughTarget.ToCluster("db"), new PassthroughTarget.ToCluster("db"));
    }

    @Test
    void whileTheUpstreamConnectsAutoReadIsOffAndTheDeadlineStillApplies() {
        AtomicReference<Promise<Channel>> pending = new AtomicReference<>();
        EmbeddedChannel ch = channel(CONTEXTS, DB_ONLY, (target, downstream) -> {
            pending.set(downstream.eventLoop().newPromise());
            return pending.get();
        });
        ch.writeInbound(Unpooled.wrappedBuffer(ClientHellos.withSni("db.example.com")));
        assertThat(pending.get()).isNotNull();
        assertThat(ch.config().isAutoRead()).isFalse();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(SETTINGS.clientHelloTimeout().toMillis() + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(connects).hasSize(1);
    }

    @Test
    void settingsRejectNonsense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TlsDispatchSettings(
                Duration.ZERO, Duration.ofSeconds(1), 16 * 1024, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TlsDispatchSettings(
                Duration.ofSeconds(1), Duration.ofSeconds(1), 10, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TlsDispatchHandler(
                CONTEXTS, PassthroughTable.empty(), null, null)).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TlsDispatchHandler(
                null, DB_ONLY, null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
