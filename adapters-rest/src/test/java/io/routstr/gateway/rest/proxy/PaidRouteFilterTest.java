package io.routstr.gateway.rest.proxy;

import static io.routstr.gateway.rest.error.ErrorSlice.openAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.in.proxy.PaidRequestError;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome;
import io.routstr.gateway.application.port.in.proxy.ServePaidRequestUseCase;
import io.routstr.gateway.domain.proxy.ProxyAllowlist;
import io.routstr.gateway.rest.error.ErrorSlice;
import io.routstr.gateway.rest.error.PaidRequestErrors;
import io.routstr.gateway.rest.limits.RequestLimits;
import io.routstr.gateway.rest.support.XCashuHeaders;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * A plain paid POST to a JSON route is served by the filter without MVC's dispatch, and answered exactly as MVC would
 * answer it: the same refusals, the same handling of a fault; what needs MVC still goes there.
 */
class PaidRouteFilterTest {

    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}";

    private final AtomicReference<ServePaidRequestUseCase> useCase = new AtomicReference<>();
    private final ProxyController controller = new ProxyController(
            (command, sink) -> useCase.get().serve(command, sink),
            ProxyAllowlist.knownEndpointsOnly(),
            RequestLimits.defaults(),
            new ObjectMapper(),
            XCashuHeaders.asTheyAre(),
            new PaidRequestErrors(XCashuHeaders.asTheyAre()));
    private final AtomicReference<MockMvc> mvc = new AtomicReference<>();
    private final PaidRouteFilter filter =
            new PaidRouteFilter(() -> controller, this::mvcExceptionHandlers, new ObjectMapper());

    PaidRouteFilterTest() {
        mvc.set(ErrorSlice.of(List.of(filter), controller));
    }

    @Test
    void aPlainPaidPost_isServedWithoutTheDispatcher_onEveryJsonRoute_withAndWithoutV1() throws Exception {
        useCase.set((command, sink) -> PaidRequestOutcome.Refused.of(PaidRequestError.INSUFFICIENT_BALANCE, "Poor"));

        for (String path : List.of(
                "/v1/chat/completions",
                "/chat/completions",
                "/v1/completions",
                "/completions",
                "/v1/embeddings",
                "/embeddings",
                "/v1/responses",
                "/responses",
                "/v1/messages",
                "/messages")) {
            MvcResult result = perform(paid(path));

            assertThat(result.getHandler()).as(path).isNull();
            assertThat(result.getResponse().getStatus()).as(path).isEqualTo(402);
        }
    }

    @Test
    void aRefusal_isTheSameAnswerAsMvcWrites() throws Exception {
        useCase.set((command, sink) -> PaidRequestOutcome.Refused.of(PaidRequestError.INSUFFICIENT_BALANCE, "Poor"));

        MvcResult direct = perform(paid("/v1/chat/completions"));
        MvcResult dispatched = perform(paid("/v1/chat/completions").header("Origin", "https://chat.example"));

        assertThat(direct.getHandler()).isNull();
        assertThat(dispatched.getHandler()).isNotNull();
        assertThat(direct.getResponse().getStatus())
                .isEqualTo(dispatched.getResponse().getStatus());
        assertThat(direct.getResponse().getContentType())
                .isEqualTo(dispatched.getResponse().getContentType());
        assertThat(withoutRequestId(direct)).isEqualTo(withoutRequestId(dispatched));
        openAiError(HttpStatus.PAYMENT_REQUIRED, "insufficient_quota", "insufficient_balance")
                .match(direct);
    }

    @Test
    void aMissingKey_isRefusedBeforeTheUseCase_asMvcRefusesIt() throws Exception {
        useCase.set((command, sink) -> {
            throw new AssertionError("not called without a key");
        });

        MvcResult direct = perform(post("/v1/chat/completions").content(BODY));

        assertThat(direct.getHandler()).isNull();
        openAiError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "missing_api_key")
                .match(direct);
    }

    @Test
    void aFaultInsideTheUseCase_isAnsweredByTheNodesExceptionHandlers_asWhenDispatched() throws Exception {
        // Fault injection: the pool ran out of connections inside the use case.
        useCase.set((command, sink) -> {
            throw new IllegalStateException(
                    "could not open a connection", new SQLTransientConnectionException("pool timed out"));
        });

        MvcResult direct = perform(paid("/v1/chat/completions"));
        MvcResult dispatched = perform(paid("/v1/chat/completions").header("Origin", "https://chat.example"));

        for (MvcResult result : List.of(direct, dispatched)) {
            openAiError(HttpStatus.SERVICE_UNAVAILABLE, "api_error", "database_busy")
                    .match(result);
            header().exists("Retry-After").match(result);
        }
        assertThat(direct.getHandler()).isNull();
    }

    @Test
    void whatNeedsMvc_goesThere_otherMethodsUploadsAndTheCatchAll() throws Exception {
        useCase.set((command, sink) -> PaidRequestOutcome.Refused.of(PaidRequestError.INSUFFICIENT_BALANCE, "Poor"));

        assertThat(perform(get("/v1/chat/completions")).getHandler()).isNotNull();
        assertThat(perform(paid("/v1/images/generations")).getHandler()).isNotNull();
        assertThat(perform(paid("/v1/chat/completions/")).getHandler()).isNotNull();
    }

    private HandlerExceptionResolver mvcExceptionHandlers() {
        return mvc.get()
                .getDispatcherServlet()
                .getWebApplicationContext()
                .getBean(DispatcherServlet.HANDLER_EXCEPTION_RESOLVER_BEAN_NAME, HandlerExceptionResolver.class);
    }

    private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.get().perform(request).andReturn();
    }

    private static MockHttpServletRequestBuilder paid(String path) {
        return post(path)
                .header("Authorization", "Bearer sk-" + "a".repeat(64))
                .contentType("application/json")
                .content(BODY);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutRequestId(MvcResult result) throws Exception {
        Map<String, Object> body =
                new ObjectMapper().readValue(result.getResponse().getContentAsByteArray(), Map.class);
        body.remove("request_id");
        if (body.get("error") instanceof Map<?, ?> error) {
            ((Map<String, Object>) error).remove("request_id");
        }
        return body;
    }
}
