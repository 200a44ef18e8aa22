package io.meshgate.kernel.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The request body chunks an exchange on a retrying route keeps so it can send them again: retained
 * slices of the chunks as they went upstream (no bytes copied), released when the exchange ends or the
 * body outgrows the policy's bound. Only used on the exchange's event loop.
 */
final class RetryBody {
    private final List<ByteBuf> chunks = new ArrayList<>(4);

    void add(ByteBuf chunk) {
        chunks.add(chunk.retainedSlice());
    }

    /** Writes every chunk again (the buffers stay kept for a further retry); flushing is the caller's. */
    void writeTo(Channel upstream, GenericFutureListener<? extends Future<? super Void>> onWrite) {
        for (ByteBuf chunk : chunks) {
            upstream.write(new DefaultHttpContent(chunk.retainedDuplicate())).addListener(onWrite);
        }
    }

    void release() {
        for (ByteBuf chunk : chunks) {
            chunk.release();
        }
        chunks.clear();
    }
}
