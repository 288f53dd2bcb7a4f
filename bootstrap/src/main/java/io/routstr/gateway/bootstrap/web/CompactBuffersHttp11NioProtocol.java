package io.routstr.gateway.bootstrap.web;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 connector with a response buffer of the node's choosing. Tomcat sizes each connection's response
 * buffer (bytes, and as many chars for a writer) from its protocol's desired buffer size, which only its AJP protocol
 * sets: HTTP connections get 8 KiB of bytes and 16 KiB of chars each, held for as long as a stream is open. The node
 * writes its answers as bytes, a streamed one event by event, so a smaller buffer costs a non-streamed answer larger
 * than it one more write (chunked if it has no length), and saves the difference on every open connection.
 */
public class CompactBuffersHttp11NioProtocol extends Http11NioProtocol {

    private volatile int responseBufferBytes = -1;

    /** The response buffer of connections made from now on, in bytes; {@code -1} keeps Tomcat's 8 KiB. */
    public void setResponseBufferBytes(int bytes) {
        if (bytes != -1 && bytes < 512) {
            throw new IllegalArgumentException("a response buffer of " + bytes + " bytes is smaller than 512");
        }
        this.responseBufferBytes = bytes;
    }

    @Override
    public int getDesiredBufferSize() {
        return responseBufferBytes;
    }
}
