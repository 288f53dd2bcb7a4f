package io.routstr.gateway.upstream.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Reads a response body as it arrives, one chunk at a time, with a bounded wait per chunk: a stalled upstream must not
 * hold a request forever, and a short wait must leave the stream open. Chunks are pulled from Jetty's content source
 * on the caller's thread, so nothing more is read from the provider's connection until the caller asks for it
 * (back-pressure); the caller waits for more on a semaphore released by the source's demand callback. Read by one
 * thread at a time; {@link #cancel} may come from any thread.
 */
final class BodyReader {

    /** What one read produced. */
    sealed interface Chunk {
        record Data(byte[] bytes) implements Chunk {}

        record End() implements Chunk {}

        record Failed(Throwable error) implements Chunk {}

        record Timeout() implements Chunk {}
    }

    /** The longest wait, after a body's last byte, for Jetty to finish its exchange. */
    private static final Duration END_WAIT = Duration.ofMillis(100);

    private final Request request;
    private final Content.Source source;
    private final WaitDeadlines deadlines;
    private final Semaphore available = new Semaphore(0);
    private final AtomicBoolean demanding = new AtomicBoolean();
    /** Run by Jetty when more can be read; it only releases the waiting reader, so Jetty may run it on its own thread. */
    private final Runnable onAvailable = Invocable.from(Invocable.InvocationType.NON_BLOCKING, () -> {
        demanding.set(false);
        available.release();
    });

    private volatile boolean exchangeOver;
    private boolean lastRead;
    private boolean ended;

    BodyReader(Request request, Content.Source source, WaitDeadlines deadlines) {
        this.request = request;
        this.source = source;
        this.deadlines = deadlines;
    }

    /** The next chunk, waiting at most {@code wait}; after an end or a failure every read repeats it. */
    Chunk next(Duration wait) {
        if (ended) {
            return new Chunk.End();
        }
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        try {
            if (lastRead) {
                return end(deadline);
            }
            while (true) {
                Content.Chunk chunk = source.read();
                if (chunk == null) {
                    if (demanding.compareAndSet(false, true)) {
                        source.demand(onAvailable);
                    }
                    if (!awaitUntil(deadline)) {
                        return new Chunk.Timeout();
                    }
                    continue;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    ended = true;
                    return new Chunk.Failed(chunk.getFailure());
                }
                ByteBuffer buffer = chunk.getByteBuffer();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                boolean last = chunk.isLast();
                chunk.release();
                if (bytes.length > 0) {
                    lastRead = last;
                    return new Chunk.Data(bytes);
                }
                if (last) {
                    return end(deadline);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            ended = true;
            return new Chunk.Failed(e);
        }
    }

    /**
     * The end, once Jetty has finished the exchange: a body read to its end is not yet an exchange over, and until it
     * is, its connection is not back in the pool, so that a call made right after would open another. The wait is
     * short, and never past the read's own.
     */
    private Chunk end(long deadline) throws InterruptedException {
        ended = true;
        long until = Math.min(deadline, System.nanoTime() + END_WAIT.toNanos());
        while (!exchangeOver && awaitUntil(until)) {
            // woken: look again
        }
        return new Chunk.End();
    }

    /**
     * Waits for a wake-up (content, the exchange's end or failure) unless {@code deadline} has passed: false then.
     * The deadline wakes the reader like the rest, so a caller looks again and finds it passed. The wait parks without
     * a timeout ({@link WaitDeadlines} says why).
     */
    private boolean awaitUntil(long deadline) throws InterruptedException {
        if (available.tryAcquire()) {
            return true;
        }
        if (deadline - System.nanoTime() <= 0) {
            return false;
        }
        WaitDeadlines.Deadline wake = deadlines.start(deadline, available::release);
        try {
            available.acquire();
        } finally {
            wake.cancel();
        }
        return true;
    }

    /** The exchange is over, its connection back in the pool or closed; wakes a reader waiting for that. */
    void exchangeOver() {
        exchangeOver = true;
        available.release();
    }

    /**
     * Wakes a reader waiting for content: the exchange failed or completed, and Jetty may not call a pending demand
     * callback then. A wake without content costs the reader one more look at the source.
     */
    void wake() {
        available.release();
    }

    /**
     * Stops the body: an exchange still open is aborted and its connection closed, one already complete is left as
     * it is (its connection is back in the pool). Idempotent.
     */
    void cancel() {
        // Every stream read to its end is closed here too: Jetty would ignore the abort of its finished exchange, but
        // the exception, built first with its stack, cost each stream (1,803 built in a 5,000-stream burst, JFR).
        if (!exchangeOver) {
            request.abort(new IOException("the upstream exchange was closed by the node"));
        }
    }
}
