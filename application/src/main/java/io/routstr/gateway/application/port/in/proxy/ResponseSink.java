package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.proxy.SseEvent;

/**
 * Where a streamed answer goes: the client's connection. A write that fails means the client has gone; the
 * implementation then returns {@code false} and never throws.
 */
public interface ResponseSink {

    /** Starts the stream (status 200, {@code text/event-stream}); false when the client is already gone. */
    boolean open();

    /** Writes and flushes one event; false when the client is gone. */
    boolean send(SseEvent event);
}
