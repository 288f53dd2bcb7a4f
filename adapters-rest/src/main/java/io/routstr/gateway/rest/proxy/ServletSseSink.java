package io.routstr.gateway.rest.proxy;

import io.routstr.gateway.application.port.in.proxy.ResponseSink;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a stream to the client's connection, flushing each chunk as it comes (the upstream adapter wrote the chunks
 * in the client's wire format) (a stream holds a virtual thread, not
 * a buffer). A failed write means the client has gone: it is remembered and reported, never thrown.
 */
final class ServletSseSink implements ResponseSink {

    private final HttpServletResponse response;
    private ServletOutputStream out;
    private boolean gone;
    private boolean opened;

    ServletSseSink(HttpServletResponse response) {
        this.response = response;
    }

    boolean opened() {
        return opened;
    }

    @Override
    public boolean open() {
        opened = true;
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-cache");
        // Tell buffering reverse proxies (nginx) to pass each event on at once.
        response.setHeader("X-Accel-Buffering", "no");
        try {
            out = response.getOutputStream();
            response.flushBuffer();
            return true;
        } catch (IOException e) {
            gone = true;
            return false;
        }
    }

    @Override
    public boolean send(byte[] chunk) {
        if (gone || out == null) {
            return false;
        }
        try {
            out.write(chunk);
            out.flush();
            return true;
        } catch (IOException | IllegalStateException e) {
            gone = true;
            return false;
        }
    }
}
