package io.routstr.gateway.rest.error;

import static org.hamcrest.Matchers.blankOrNullString;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.routstr.gateway.rest.support.RequestIdFilter;
import jakarta.servlet.Filter;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * A Spring MVC slice of the REST adapter for error-mapping tests: the controllers under test over scripted use cases,
 * with the real error advice and request id filter in front, and the matchers that pin an error on the wire.
 */
public final class ErrorSlice {

    private ErrorSlice() {}

    /** The controllers behind the request id filter and {@link OpenAiErrorAdvice}, as the node serves them. */
    public static MockMvc of(Object... controllers) {
        return of(List.of(), controllers);
    }

    /** As {@link #of(Object...)}, with more filters after the request id filter. */
    public static MockMvc of(List<Filter> filters, Object... controllers) {
        return of(filters, List.of(), controllers);
    }

    /** As {@link #of(List, Object...)}, with the controllers' own advice beside {@link OpenAiErrorAdvice}. */
    public static MockMvc of(List<Filter> filters, List<Object> advice, Object... controllers) {
        List<Filter> chain = new ArrayList<>();
        chain.add(new RequestIdFilter());
        chain.addAll(filters);
        List<Object> advices = new ArrayList<>(advice);
        advices.add(new OpenAiErrorAdvice());
        return MockMvcBuilders.standaloneSetup(controllers)
                .setControllerAdvice(advices.toArray())
                .addFilters(chain.toArray(Filter[]::new))
                .build();
    }

    /**
     * An OpenAI-shaped error: the status, {@code error.type} and {@code error.code}, a message, the request id of the
     * {@code x-routstr-request-id} header, and nothing of an exception.
     */
    public static ResultMatcher openAiError(HttpStatus status, String type, String code) {
        return all(
                status().is(status.value()),
                content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON),
                jsonPath("$.error.type").value(type),
                jsonPath("$.error.code").value(code),
                jsonPath("$.error.message").value(not(blankOrNullString())),
                sameRequestIdAsTheHeader(),
                noExceptionText());
    }

    /**
     * Routstr's balance-router error: {@link #openAiError} with the same error under {@code detail}, or the bare
     * message as {@code detail} when {@code plainDetail}.
     */
    public static ResultMatcher balanceError(HttpStatus status, String type, String code, boolean plainDetail) {
        return all(
                openAiError(status, type, code),
                plainDetail
                        ? result -> jsonPath("$.detail")
                                .value(com.jayway.jsonpath.JsonPath.<String>read(
                                        result.getResponse().getContentAsString(), "$.error.message"))
                                .match(result)
                        : all(
                                jsonPath("$.detail.error.type").value(type),
                                jsonPath("$.detail.error.code").value(code)));
    }

    /** The body's {@code request_id} is the one the response's header carries. */
    public static ResultMatcher sameRequestIdAsTheHeader() {
        return result -> {
            String id = result.getResponse().getHeader(RequestIdFilter.HEADER);
            header().string(RequestIdFilter.HEADER, not(blankOrNullString())).match(result);
            jsonPath("$.request_id").value(id).match(result);
        };
    }

    /** No exception class, stack frame or package name reaches the client. */
    public static ResultMatcher noExceptionText() {
        return all(
                content().string(not(containsString("Exception"))),
                content().string(not(containsString("\tat "))),
                content().string(not(containsString("java."))),
                content().string(not(containsString("io.routstr"))),
                content().string(not(containsString("trace"))));
    }

    /** Every matcher, in order. */
    public static ResultMatcher all(ResultMatcher... matchers) {
        return result -> {
            for (ResultMatcher matcher : matchers) {
                matcher.match(result);
            }
        };
    }
}
