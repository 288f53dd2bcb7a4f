package io.routstr.gateway.rest.limits;

import static io.routstr.gateway.rest.error.ErrorSlice.openAiError;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.rest.error.ErrorSlice;
import jakarta.servlet.Filter;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The limit filters' errors on the wire, in front of a route that reads a JSON body: 413 {@code request_too_large}
 * for a body over {@code MAX_REQUEST_BODY_BYTES}, declared or streamed, and 503 {@code node_overloaded} with
 * {@code Retry-After} when the node is at capacity.
 */
class RequestLimitErrorsTest {

    private static final long LIMIT = 64;

    @RestController
    static class Echo {
        @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
        Map<String, Object> echo(@RequestBody Map<String, Object> body) {
            return body;
        }
    }

    /** A body sent without {@code Content-Length}, as a chunked upload is. */
    private static final Filter CHUNKED = (request, response, chain) -> chain.doFilter(
            new HttpServletRequestWrapper((HttpServletRequest) request) {
                @Override
                public int getContentLength() {
                    return -1;
                }

                @Override
                public long getContentLengthLong() {
                    return -1;
                }
            },
            response);

    /**
     * A body whose read the container cuts for silence, as Jetty does when nothing arrived for its idle timeout (the
     * body timeout): long before this test's deadline.
     */
    private static final Filter CUT_FOR_SILENCE = (request, response, chain) -> chain.doFilter(
            new HttpServletRequestWrapper((HttpServletRequest) request) {
                @Override
                public ServletInputStream getInputStream() throws IOException {
                    ServletInputStream in = super.getInputStream();
                    return new ServletInputStream() {
                        @Override
                        public int read() throws IOException {
                            throw new IOException(new TimeoutException("Idle timeout expired: 60000/60000 ms"));
                        }

                        @Override
                        public boolean isFinished() {
                            return in.isFinished();
                        }

                        @Override
                        public boolean isReady() {
                            return in.isReady();
                        }

                        @Override
                        public void setReadListener(ReadListener listener) {
                            in.setReadListener(listener);
                        }
                    };
                }
            },
            response);

    private static final String TOO_LARGE = "{\"prompt\":\"" + "x".repeat((int) LIMIT) + "\"}";

    private static Filter bodyLimit() {
        return new RequestBodyLimitFilter(new RequestLimits(LIMIT), new ObjectMapper());
    }

    @Test
    void aDeclaredBodyOverTheLimit_answers413RequestTooLarge_beforeAnyoneReadsIt() throws Exception {
        MockMvc mvc = ErrorSlice.of(List.of(bodyLimit()), new Echo());

        mvc.perform(post("/v1/chat/completions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(TOO_LARGE))
                .andExpect(openAiError(HttpStatus.PAYLOAD_TOO_LARGE, "invalid_request_error", "request_too_large"))
                .andExpect(jsonPath("$.error.message").value("Request body too large: at most 64 bytes are accepted."))
                .andExpect(header().string("Connection", "close"));
    }

    @Test
    void aStreamedBodyOverTheLimit_answers413RequestTooLarge_whenItsReaderPassesTheLimit() throws Exception {
        MockMvc mvc = ErrorSlice.of(List.of(CHUNKED, bodyLimit()), new Echo());

        mvc.perform(post("/v1/chat/completions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(TOO_LARGE))
                .andExpect(openAiError(HttpStatus.PAYLOAD_TOO_LARGE, "invalid_request_error", "request_too_large"));
    }

    @Test
    void aBodyReadTheContainerCutForSilence_answers408RequestBodyTimeout_evenBeforeTheDeadline() throws Exception {
        Filter bodyLimit =
                new RequestBodyLimitFilter(new RequestLimits(LIMIT, Duration.ofHours(1)), new ObjectMapper());
        MockMvc mvc = ErrorSlice.of(List.of(CUT_FOR_SILENCE, bodyLimit), new Echo());

        mvc.perform(post("/v1/chat/completions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(openAiError(HttpStatus.REQUEST_TIMEOUT, "invalid_request_error", "request_body_timeout"));
    }

    @Test
    void aNodeAtCapacity_answers503NodeOverloaded_withRetryAfter() throws Exception {
        Filter saturated =
                new InFlightLimitFilter(new InFlightLimits(10, Duration.ZERO), () -> true, new ObjectMapper());
        MockMvc mvc = ErrorSlice.of(List.of(saturated), new Echo());

        mvc.perform(post("/v1/chat/completions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(openAiError(HttpStatus.SERVICE_UNAVAILABLE, "api_error", "node_overloaded"))
                .andExpect(header().string("Retry-After", "1"));
    }
}
