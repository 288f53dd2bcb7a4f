package io.routstr.gateway.upstream.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.LlmRequestReaderPort.RequestRead;
import io.routstr.gateway.domain.pricing.RequestShape;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.ModelId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A {@code multipart/form-data} upload to an endpoint billed per request: read for its {@code model} field only, and
 * sent on as the bytes it came in with only that field's value replaced.
 */
class MultipartRequestReaderTest {

    private static final String BOUNDARY = "xYzZY";
    private static final String CONTENT_TYPE = "multipart/form-data; boundary=\"" + BOUNDARY + "\"";
    private final JsonRequestReader reader = new JsonRequestReader(new ObjectMapper());

    private static byte[] form(String model) {
        String modelPart = model == null
                ? ""
                : "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model + "\r\n";
        return ("--" + BOUNDARY + "\r\n"
                        + "Content-Disposition: form-data; name=\"image\"; filename=\"model.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n"
                        + "\u0089PNG\r\n--x\r\n"
                        + "--" + BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nmodel: a hat\r\n"
                        + modelPart
                        + "--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anUploadIsReadForItsModel_billedPerRequest_andKeptByteForByte() {
        byte[] body = form(" dall-e-2 ");

        RequestRead read = reader.read(ApiEndpoint.IMAGES_EDITS, Optional.of(CONTENT_TYPE), body);

        assertThat(read).isInstanceOfSatisfying(RequestRead.Parsed.class, parsed -> {
            assertThat(parsed.request().model()).isEqualTo(new ModelId("dall-e-2"));
            assertThat(parsed.request().stream()).isFalse();
            assertThat(parsed.request().shape()).isEqualTo(RequestShape.UNKNOWN);
            assertThat(parsed.request().payload()).isInstanceOfSatisfying(MultipartPayload.class, payload -> {
                assertThat(payload.contentType()).isEqualTo(CONTENT_TYPE);
                assertThat(payload.body()).isEqualTo(body);
                assertThat(new String(payload.withModel("openai/dall-e-2"), StandardCharsets.ISO_8859_1))
                        .isEqualTo(new String(form("openai/dall-e-2"), StandardCharsets.ISO_8859_1));
            });
        });
    }

    @Test
    void anUploadWithoutAModelFieldOrBoundaryIsInvalid() {
        assertThat(reader.read(ApiEndpoint.AUDIO_TRANSCRIPTIONS, Optional.of(CONTENT_TYPE), form(null)))
                .isInstanceOfSatisfying(
                        RequestRead.Invalid.class,
                        invalid -> assertThat(invalid.message()).contains("'model'"));
        assertThat(reader.read(ApiEndpoint.AUDIO_TRANSCRIPTIONS, Optional.of(CONTENT_TYPE), form("  ")))
                .isInstanceOf(RequestRead.Invalid.class);
        assertThat(reader.read(ApiEndpoint.AUDIO_TRANSCRIPTIONS, Optional.of("multipart/form-data"), form("whisper-1")))
                .isInstanceOfSatisfying(
                        RequestRead.Invalid.class,
                        invalid -> assertThat(invalid.message()).contains("boundary"));
    }

    @Test
    void aFormToAnEndpointBilledFromTokensIsNotJson() {
        assertThat(reader.read(ApiEndpoint.CHAT_COMPLETIONS, Optional.of(CONTENT_TYPE), form("gpt-4o")))
                .isInstanceOf(RequestRead.NotJson.class);
    }
}
