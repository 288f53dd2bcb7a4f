package io.routstr.gateway.rest.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.in.proxy.ResponseSink;
import io.routstr.gateway.domain.proxy.SseEvent;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a stream to the client's connection, flushing each event as it comes (a stream holds a virtual thread, not
 * a buffer). A failed write means the client has gone: it is remembered and reported, never thrown.
 */
final class ServletSseSink implements ResponseSink {

    private final HttpServletResponse response;
    private final ObjectMapper mapper;
    private ServletOutputStream out;
    private boolean gone;
    private boolean opened;

    ServletSseSink(HttpServletResponse response, ObjectMapper mapper) {
        this.response = response;
        this.mapper = mapper;
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
    public boolean send(SseEvent event) {
        if (gone || out == null) {
            return false;
        }
        try {
            StringBuilder text = new StringBuilder();
            event.event().ifPresent(name -> text.append("event: ").append(name).append('\n'));
            event.id().ifPresent(id -> text.append("id: ").append(id).append('\n'));
            event.retry()
                    .ifPresent(millis -> text.append("retry: ").append(millis).append('\n'));
            if (event.hasData() || event.json().isPresent()) {
                String data = event.json().isPresent()
                        ? mapper.writeValueAsString(event.json().get())
                        : event.data();
                for (String line : data.split("\n", -1)) {
                    text.append("data: ").append(line).append('\n');
                }
            }
            text.append('\n');
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event cannot be written as JSON", e);
        } catch (IOException | IllegalStateException e) {
            gone = true;
            return false;
        }
    }
}
