package io.routstr.gateway.upstream.http;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a response body as it arrives, one chunk at a time, with a bounded wait per chunk: the JDK client has no
 * read timeout of its own, and a stalled upstream must not hold a request forever. Back-pressure: one chunk is
 * requested at a time.
 */
final class BodyReader implements Flow.Subscriber<List<ByteBuffer>> {

    /** What one read produced. */
    sealed interface Chunk {
        record Data(byte[] bytes) implements Chunk {}

        record End() implements Chunk {}

        record Failed(Throwable error) implements Chunk {}

        record Timeout() implements Chunk {}
    }

    private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private boolean ended;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        int size = buffers.stream().mapToInt(ByteBuffer::remaining).sum();
        byte[] bytes = new byte[size];
        int at = 0;
        for (ByteBuffer buffer : buffers) {
            int n = buffer.remaining();
            buffer.get(bytes, at, n);
            at += n;
        }
        queue.add(new Chunk.Data(bytes));
    }

    @Override
    public void onError(Throwable error) {
        queue.add(new Chunk.Failed(error));
    }

    @Override
    public void onComplete() {
        queue.add(new Chunk.End());
    }

    /** The next chunk, waiting at most {@code wait}; after an end or a failure every read repeats it. */
    Chunk next(Duration wait) {
        if (ended) {
            return new Chunk.End();
        }
        try {
            Chunk chunk = queue.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
            if (chunk == null) {
                return new Chunk.Timeout();
            }
            if (chunk instanceof Chunk.Data) {
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.request(1);
                }
            } else {
                ended = true;
            }
            return chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            return new Chunk.Failed(e);
        }
    }

    /** Stops the body; the connection is closed or returned by the client. Idempotent. */
    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
