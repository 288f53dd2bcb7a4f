package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.LlmRequestReaderPort;
import io.routstr.gateway.application.port.out.LlmRequestReaderPort.RequestRead;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.LlmRequest;
import io.routstr.gateway.domain.proxy.ModelId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link LlmRequestReaderPort}, for the fake and the JSON reader: a chat body is read once into its
 * model, stream flag and cost bound facts; a body that is not JSON and one the node cannot forward (no model, a bad
 * choice count) are told apart. Each run writes the bodies in its own language (the fake speaks no JSON), so the
 * contract holds what both promise about a chat, not the JSON dialects themselves.
 */
public abstract class LlmRequestReaderContract {

    protected abstract LlmRequestReaderPort reader();

    /** A chat for {@code model} with one user message, {@code "hi"}, streamed or not. */
    protected abstract byte[] chat(String model, boolean stream);

    /** The same chat, not streamed, asking for {@code n} completions. */
    protected abstract byte[] chatAskingFor(String model, long n);

    /** A chat that names no model. */
    protected abstract byte[] chatWithoutModel();

    /** A body that is not JSON at all. */
    protected abstract byte[] notJson();

    private LlmRequest parsed(byte[] body) {
        RequestRead read = reader().read(ApiEndpoint.CHAT_COMPLETIONS, body);
        assertThat(read).isInstanceOf(RequestRead.Parsed.class);
        return ((RequestRead.Parsed) read).request();
    }

    @Test
    void aChatIsReadIntoItsEndpointModelAndPrompt_forOneChoice() {
        LlmRequest request = parsed(chat("gpt-4o-mini", false));

        assertThat(request.endpoint()).isEqualTo(ApiEndpoint.CHAT_COMPLETIONS);
        assertThat(request.model()).isEqualTo(ModelId.of("gpt-4o-mini"));
        assertThat(request.stream()).isFalse();
        assertThat(request.promptCharacters()).isEqualTo(2);
        assertThat(request.shape().choices()).isEqualTo(1);
        assertThat(request.shape().promptTokens()).isPresent();
        assertThat(request.shape().promptTokens().getAsLong()).isPositive();
        assertThat(request.payload()).isNotNull();
    }

    @Test
    void aStreamedChatIsReadAsStreamed() {
        assertThat(parsed(chat("gpt-4o-mini", true)).stream()).isTrue();
    }

    @Test
    void theChoicesAChatAsksFor_areInItsShape() {
        assertThat(parsed(chatAskingFor("gpt-4o-mini", 3)).shape().choices()).isEqualTo(3);
        assertThat(parsed(chatAskingFor("gpt-4o-mini", 128)).shape().choices()).isEqualTo(128);
    }

    @Test
    void aBodyThatIsNotJson_isNotJson() {
        assertThat(reader().read(ApiEndpoint.CHAT_COMPLETIONS, notJson())).isInstanceOf(RequestRead.NotJson.class);
    }

    @Test
    void aChatWithoutAModel_isInvalid_andSaysSo() {
        assertThat(reader().read(ApiEndpoint.CHAT_COMPLETIONS, chatWithoutModel()))
                .isInstanceOfSatisfying(
                        RequestRead.Invalid.class,
                        invalid -> assertThat(invalid.message()).contains("'model'"));
    }

    @Test
    void aChatAskingForNoneOrTooManyChoices_isInvalid_andSaysSo() {
        for (long n : List.of(0L, -1L, 129L)) {
            assertThat(reader().read(ApiEndpoint.CHAT_COMPLETIONS, chatAskingFor("gpt-4o-mini", n)))
                    .as("n = %d", n)
                    .isInstanceOfSatisfying(
                            RequestRead.Invalid.class,
                            invalid -> assertThat(invalid.message()).contains("'n'"));
        }
    }
}
