package io.routstr.gateway.upstream.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client's body read field by field reads as Jackson reads it into a map, and the body a provider gets, spliced from
 * the client's bytes, is the one the map would have been written as after the provider's model and the usage option
 * were put in: the same fields with the same values in the same order.
 */
class ObjectBytesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader VALUES = MAPPER.readerFor(Object.class);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final String PROVIDER_MODEL = "openai/gpt-4o-mini";

    private static ObjectBytes.Read read(String body) throws IOException {
        return ObjectBytes.read(bytes(body), MAPPER, VALUES).orElseThrow();
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertSameBodyForProvider(String body, boolean askForUsage) throws IOException {
        ObjectBytes.Read read = read(body);
        assertThat(read.json()).isEqualTo(MAPPER.readValue(bytes(body), MAP));
        byte[] spliced =
                new JsonPayload(read.json(), false, read.bytes()).forProvider(PROVIDER_MODEL, askForUsage, MAPPER);
        byte[] written = new JsonPayload(read.json(), false).forProvider(PROVIDER_MODEL, askForUsage, MAPPER);
        assertThat(read.bytes()).isPresent();

        Json.assertSameDocument(spliced, written);
    }

    @Test
    void aChatBodyGetsTheProvidersModelInPlace_andAStreamTheUsageOption() throws IOException {
        String body = """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"caf\\u00e9 \\"quoted\\""}],
                 "temperature":0.2,"max_tokens":64,"stream":true}""";
        assertSameBodyForProvider(body, false);
        assertSameBodyForProvider(body, true);
    }

    @Test
    void theClientsOwnStreamOptionsAreKeptWhereTheyAre_withTheUsageChunkAskedFor() throws IOException {
        assertSameBodyForProvider(
                "{\"stream_options\":{\"include_usage\":false,\"x\":1},\"model\":\"m\",\"stream\":true}", true);
        assertSameBodyForProvider("{\"model\":\"m\",\"stream_options\":null}", true);
        assertSameBodyForProvider("{\"model\":\"m\",\"stream_options\":{}}", false);
    }

    @Test
    void aBodyWithoutATopLevelModelGetsOneAddedBeforeTheUsageOption() throws IOException {
        assertSameBodyForProvider("{\"input\":{\"model\":\"m\"}}", true);
        assertSameBodyForProvider("{}", true);
        assertSameBodyForProvider("{}", false);
        assertSameBodyForProvider(" \n{ \"input\" : [ 1 , 2 ] }\n ", true);
    }

    @Test
    void theClientsBytesAreSentAsTheyCame_butForTheModel() throws IOException {
        String body = "{\"model\":\"m\",\"temperature\":2.50e-1,\"prompt\":\"caf\\u00e9\"}";

        ObjectBytes.Read read = read(body);
        String sent = new String(
                new JsonPayload(read.json(), false, read.bytes()).forProvider(PROVIDER_MODEL, false, MAPPER),
                StandardCharsets.UTF_8);

        assertThat(sent)
                .isEqualTo("{\"model\":\"openai/gpt-4o-mini\",\"temperature\":2.50e-1,\"prompt\":\"caf\\u00e9\"}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"model\":\"a\",\"model\":\"b\"}", // a map keeps the last value at the first key's place
                "{\"model\":\"m\"} trailing" // the map never sees it
            })
    void aBodyASpliceWouldSendDifferentlyIsWrittenFromItsMap(String body) throws IOException {
        ObjectBytes.Read read = read(body);

        assertThat(read.json()).isEqualTo(MAPPER.readValue(bytes(body), MAP));
        assertThat(read.bytes()).isEmpty();
    }

    @Test
    void aBodyInUtf16OrWithAByteOrderMarkIsReadButWrittenFromItsMap() throws IOException {
        String body = "{\"model\":\"m\",\"messages\":[]}";
        byte[] utf16 = body.getBytes(StandardCharsets.UTF_16BE);
        byte[] marked = ("\uFEFF" + body).getBytes(StandardCharsets.UTF_8);

        for (byte[] bytes : List.of(utf16, marked)) {
            ObjectBytes.Read read = ObjectBytes.read(bytes, MAPPER, VALUES).orElseThrow();
            assertThat(read.json()).isEqualTo(MAPPER.readValue(bytes(body), MAP));
            assertThat(read.bytes()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "null", "[1]", "\"text\"", "42"})
    void aBodyThatIsNoObjectReadsAsNone(String body) throws IOException {
        assertThat(ObjectBytes.read(bytes(body), MAPPER, VALUES)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"model\":", "{\"a\":1,}", "{\"a\" 1}"})
    void aBodyThatIsNoValidJsonFails(String body) {
        assertThatThrownBy(() -> ObjectBytes.read(bytes(body), MAPPER, VALUES)).isInstanceOf(IOException.class);
    }

    @Property(tries = 300)
    void anyBodySplicedForAProviderReadsAsTheOneWrittenFromItsMap(
            @ForAll("bodies") String body, @ForAll boolean askForUsage) throws IOException {
        assertSameBodyForProvider(body, askForUsage);
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<Object> options =
                Arbitraries.maps(Arbitraries.of("include_usage", "x"), scalar).map(m -> (Object) m);
        Arbitrary<Object> value =
                Arbitraries.oneOf(scalar, options, scalar.list().ofMaxSize(3).map(l -> (Object) l));
        Arbitrary<String> name = Arbitraries.of("model", "stream_options", "messages", "stream", "temperature", "x");
        return Arbitraries.maps(name, value).ofMaxSize(6).map(fields -> {
            try {
                return MAPPER.writeValueAsString(fields);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
