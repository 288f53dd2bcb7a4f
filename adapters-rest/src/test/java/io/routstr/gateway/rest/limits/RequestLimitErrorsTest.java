package io.routstr.gateway.rest.limits;

import static io.routstr.gateway.rest.error.ErrorSlice.openAiError;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.rest.error.ErrorSlice;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
