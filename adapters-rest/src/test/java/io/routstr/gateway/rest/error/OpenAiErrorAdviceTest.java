package io.routstr.gateway.rest.error;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

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
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing())
            .setControllerAdvice(new OpenAiErrorAdvice())
            .build();

    @Test
    void anIllegalArgumentAnswers400WithAStableCodeAndNotItsMessage() throws Exception {
        mvc.perform(get("/bad-argument"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error.code").value("invalid_request"))
                .andExpect(jsonPath("$.error.message").value("Invalid request"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("sk-0123456789abcdef"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("/srv/node"))));
    }

    @Test
    void anUnexpectedFaultAnswers500WithAGenericMessage() throws Exception {
        mvc.perform(get("/fault"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.error.code").value("internal_error"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("sk-0123456789abcdef"))));
    }
}
