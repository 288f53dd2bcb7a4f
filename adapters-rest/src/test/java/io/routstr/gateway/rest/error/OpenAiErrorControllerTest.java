package io.routstr.gateway.rest.error;

import static io.routstr.gateway.rest.error.ErrorSlice.openAiError;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Errors raised outside Spring MVC (a filter, the servlet container: an unknown path once the static resources had
 * their turn, a body or header over the container's limits) reach the error page, which answers them OpenAI-shaped.
 */
class OpenAiErrorControllerTest {

    private final MockMvc mvc = ErrorSlice.of(new OpenAiErrorController());

    @ParameterizedTest(name = "{0} answers {1}/{2}")
    @CsvSource({
        "404, invalid_request_error, not_found,        Not Found",
        "405, invalid_request_error, invalid_request,  Method Not Allowed",
        "413, invalid_request_error, invalid_request,  Payload Too Large",
        "431, invalid_request_error, invalid_request,  Request Header Fields Too Large",
        "500, api_error,             internal_error,   Internal Server Error",
        "503, api_error,             internal_error,   Service Unavailable",
    })
    void theContainersStatus_isAnsweredWithItsTypeCodeAndReasonPhrase(
            int status, String type, String code, String message) throws Exception {
        mvc.perform(get("/error")
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, status)
                        .requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("at /srv/secret")))
                .andExpect(openAiError(HttpStatus.valueOf(status), type, code))
                .andExpect(jsonPath("$.error.message").value(message));
    }

    @ParameterizedTest(name = "a status of {0} answers 500")
    @CsvSource({"'not a number'", "999"})
    void withoutAStatusItKnows_answers500InternalError(String status) throws Exception {
        Object attribute = status.equals("999") ? (Object) 999 : status;
        mvc.perform(get("/error").requestAttr(RequestDispatcher.ERROR_STATUS_CODE, attribute))
                .andExpect(openAiError(HttpStatus.INTERNAL_SERVER_ERROR, "api_error", "internal_error"));
    }
}
