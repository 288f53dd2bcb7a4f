package io.routstr.gateway.rest.error;

import static io.routstr.gateway.rest.error.ErrorSlice.openAiError;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** The advice answers faults with a stable code and never echoes an internal exception message. */
class OpenAiErrorAdviceTest {

    private static final String INTERNAL = "cannot parse sk-0123456789abcdef at /srv/node/.data/key";

    @RestController
    static class Failing {
        @GetMapping("/bad-argument")
        String badArgument() {
            throw new IllegalArgumentException(INTERNAL);
        }

        @GetMapping("/fault")
        String fault() {
            throw new IllegalStateException(INTERNAL);
        }

        @GetMapping("/pool-exhausted")
        String poolExhausted() {
            throw new IllegalStateException(
                    "could not open a connection", new SQLTransientConnectionException("pool timed out " + INTERNAL));
        }

        /** Hikari's exception when the database refused the connections it tried to open: it names the last refusal. */
        @GetMapping("/database-down")
        String databaseDown() {
            throw new IllegalStateException(
                    "could not open a connection",
                    new SQLTransientConnectionException(
                            "pool timed out " + INTERNAL,
                            new SQLException("Connection to db.internal:5432 refused", "08001")));
        }

        /** What the persistence throws when the connection it used broke: PostgreSQL went away under the statement. */
        @GetMapping("/connection-lost")
        String connectionLost() {
            throw new IllegalStateException(
                    "statement failed",
                    new SQLException("An I/O error occurred while sending to the backend " + INTERNAL, "08006"));
        }

        /** A rollback after the connection broke: the pool had closed it, and says so without a SQLSTATE. */
        @GetMapping("/rollback-on-closed-connection")
        String rollbackOnClosedConnection() {
            throw new IllegalStateException(
                    "Unable to rollback against JDBC Connection", new SQLException("Connection is closed"));
        }

        /** What Spring makes of PostgreSQL rolling a transaction back for a deadlock. */
        @GetMapping("/deadlock")
        String deadlock() {
            throw new IllegalStateException(
                    "PreparedStatementCallback", new SQLException("ERROR: deadlock detected " + INTERNAL, "40P01"));
        }

        /** What the static resource handling, consulted last, throws for a path nothing serves. */
        @GetMapping("/unserved")
        String unserved() throws NoResourceFoundException {
            throw new NoResourceFoundException(HttpMethod.GET, "/v1/nothing/here");
        }

        @PostMapping(path = "/json", consumes = MediaType.APPLICATION_JSON_VALUE)
        String json(@RequestBody Map<String, Object> body) {
            return "ok";
        }

        @GetMapping("/header")
        String header(@RequestHeader("Authorization") String authorization) {
            return "ok";
        }

        @GetMapping("/param")
        String param(@RequestParam("limit") int limit) {
            return "ok";
        }
    }

    private final MockMvc mvc = ErrorSlice.of(new Failing());

    @Test
    void anIllegalArgumentAnswers400WithAStableCodeAndNotItsMessage() throws Exception {
        mvc.perform(get("/bad-argument"))
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"))
                .andExpect(jsonPath("$.error.code").value("invalid_request"))
                .andExpect(jsonPath("$.error.message").value("Invalid request"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("sk-0123456789abcdef"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("/srv/node"))));
    }

    @Test
    void anUnexpectedFaultAnswers500WithAGenericMessage() throws Exception {
        mvc.perform(get("/fault"))
                .andExpect(openAiError(HttpStatus.INTERNAL_SERVER_ERROR, "api_error", "internal_error"))
                .andExpect(jsonPath("$.error.code").value("internal_error"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("sk-0123456789abcdef"))));
    }

    @Test
    void aPathNothingServes_answers404NotFound() throws Exception {
        mvc.perform(get("/unserved")).andExpect(openAiError(HttpStatus.NOT_FOUND, "not_found", "not_found"));
    }

    @Test
    void aMethodTheRouteDoesNotTake_answers405MethodNotAllowed() throws Exception {
        mvc.perform(post("/fault"))
                .andExpect(openAiError(HttpStatus.METHOD_NOT_ALLOWED, "invalid_request_error", "method_not_allowed"));
    }

    @Test
    void aBodyThatIsNotJson_answers415UnsupportedMediaType() throws Exception {
        mvc.perform(post("/json").contentType(MediaType.TEXT_PLAIN).content("hello"))
                .andExpect(openAiError(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request_error", "unsupported_media_type"));
    }

    @Test
    void malformedJson_answers400InvalidJson_withoutTheParsersMessage() throws Exception {
        mvc.perform(post("/json").contentType(MediaType.APPLICATION_JSON).content("{\"model\": sk-0123456789abcdef"))
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_json"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("sk-0123456789abcdef"))));
    }

    @Test
    void aMissingRequiredHeader_answers401MissingApiKey() throws Exception {
        mvc.perform(get("/header"))
                .andExpect(openAiError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "missing_api_key"));
    }

    @Test
    void aMissingOrMistypedParameter_answers400InvalidRequest_namingIt() throws Exception {
        mvc.perform(get("/param"))
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"))
                .andExpect(jsonPath("$.error.message").value("Missing parameter 'limit'"));
        mvc.perform(get("/param").param("limit", "ten"))
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"))
                .andExpect(jsonPath("$.error.message").value("Invalid value for 'limit'"));
    }

    @Test
    void aDatabasePoolThatRanOut_answers503DatabaseBusy_withRetryAfter() throws Exception {
        mvc.perform(get("/pool-exhausted"))
                .andExpect(openAiError(HttpStatus.SERVICE_UNAVAILABLE, "api_error", "database_busy"))
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("pool timed out"))));
    }

    @Test
    void aDatabaseThatRefusesConnections_answers503DatabaseUnavailable_withRetryAfter_namingNoHost() throws Exception {
        mvc.perform(get("/database-down"))
                .andExpect(openAiError(HttpStatus.SERVICE_UNAVAILABLE, "api_error", "database_unavailable"))
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("db.internal"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("pool timed out"))));
    }

    @Test
    void aDatabaseConnectionLostUnderTheRequest_answers503DatabaseUnavailable_notAFault() throws Exception {
        for (String path : new String[] {"/connection-lost", "/rollback-on-closed-connection"}) {
            mvc.perform(get(path))
                    .andExpect(openAiError(HttpStatus.SERVICE_UNAVAILABLE, "api_error", "database_unavailable"))
                    .andExpect(header().string("Retry-After", "5"))
                    .andExpect(content().string(Matchers.not(Matchers.containsString(INTERNAL))));
        }
    }

    @Test
    void aTransactionRolledBackForADeadlock_answers503DatabaseBusy_notAFault() throws Exception {
        mvc.perform(get("/deadlock"))
                .andExpect(openAiError(HttpStatus.SERVICE_UNAVAILABLE, "api_error", "database_busy"))
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().string(Matchers.not(Matchers.containsString(INTERNAL))));
    }
}
