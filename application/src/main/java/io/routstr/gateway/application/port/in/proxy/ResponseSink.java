package io.routstr.gateway.application.port.in.proxy;

/**
 * Where a streamed answer goes: the client's connection. The chunks are opaque: the upstream adapter wrote them in the
 * client's wire format. A write that fails means the client has gone; the implementation then returns {@code false}
 * and never throws.
 */
public interface ResponseSink {

    /** Starts the stream (status 200, an event stream); false when the client is already gone. */
    boolean open();

    /** Writes and flushes {@code chunk}; false when the client is gone. */
    boolean send(byte[] chunk);
}
