package io.routstr.gateway.upstream.dialect;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.routstr.gateway.upstream.dialect.ByteSplice.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A client's JSON body as it came, with where its top-level {@code model} and {@code stream_options} values sit: the
 * body for a provider is then the client's own bytes with those two values changed (or added before the closing
 * brace), where the node used to copy the parsed body, change it and write all of it again. A prompt is most of a
 * body, and a long conversation is tens or hundreds of kilobytes that need not be written again.
 */
public final class ObjectBytes {

    private static final byte[] MODEL_FIELD = "\"model\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM_OPTIONS_FIELD = "\"stream_options\":".getBytes(StandardCharsets.US_ASCII);

    private final byte[] bytes;
    private final Span model;
    private final Span streamOptions;
    private final int closingBrace;
    private final boolean hasFields;

    private ObjectBytes(byte[] bytes, Span model, Span streamOptions, int closingBrace, boolean hasFields) {
        this.bytes = bytes;
        this.model = model;
        this.streamOptions = streamOptions;
        this.closingBrace = closingBrace;
        this.hasFields = hasFields;
    }

    /**
     * A body read as a JSON object.
     *
     * @param json the body parsed, as {@code ObjectReader.readValue} would have into a {@code LinkedHashMap}
     * @param bytes the body's bytes for splicing; empty when a splice would not send what the parsed body says (a
     *     repeated key, whose last value a map keeps at the first one's place, bytes after the closing brace, or a
     *     body not in UTF-8 or with a byte order mark)
     */
    record Read(Map<String, Object> json, Optional<ObjectBytes> bytes) {}

    /**
     * Reads {@code body}'s top level field by field, each value with {@code values} (a reader of untyped values, as a
     * map's values are read), noting where {@code model} and {@code stream_options} sit.
     *
     * @return empty when the body is not a JSON object (nothing, {@code null}, an array or a scalar)
     * @throws IOException when it is not valid JSON
     */
    static Optional<Read> read(byte[] body, ObjectMapper mapper, ObjectReader values) throws IOException {
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Map<String, Object> json = new LinkedHashMap<>();
            Span model = null;
            Span streamOptions = null;
            boolean repeated = false;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                int start = Math.toIntExact(parser.currentTokenLocation().getByteOffset());
                Object value = values.readValue(parser);
                repeated |= json.containsKey(name);
                json.put(name, value);
                if (name.equals("model")) {
                    model = new Span(start, end(parser));
                } else if (name.equals("stream_options")) {
                    streamOptions = new Span(start, end(parser));
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IOException("the body's object does not end");
            }
            int closingBrace = Math.toIntExact(parser.currentTokenLocation().getByteOffset());
            boolean spliceable = !repeated
                    && ByteSplice.startsWithBrace(body)
                    && ByteSplice.onlyWhitespaceAfter(body, closingBrace + 1);
            return Optional.of(new Read(
                    json,
                    spliceable
                            ? Optional.of(new ObjectBytes(body, model, streamOptions, closingBrace, !json.isEmpty()))
                            : Optional.empty()));
        }
    }

    /** Past the value just read: a string read whole leaves the parser past its closing quote. */
    private static int end(JsonParser parser) {
        return Math.toIntExact(parser.currentLocation().getByteOffset());
    }

    /**
     * The body with {@code model} as its model and, unless null, {@code streamOptions} as its stream options, each in
     * its place or, when the client sent none, added in that order before the closing brace: the fields, order and
     * values the parsed body would have been written with after the same two {@code put}s.
     */
    byte[] with(String model, Map<String, Object> streamOptions, ObjectMapper mapper) {
        ByteSplice out = new ByteSplice(bytes.length + 128);
        try (JsonGenerator values = mapper.getFactory().createGenerator(out)) {
            values.setRootValueSeparator(null);
            int at = 0;
            for (Span span : Span.inOrder(this.model, streamOptions != null ? this.streamOptions : null)) {
                out.copy(bytes, at, span.start());
                if (span == this.model) {
                    values.writeString(model);
                } else {
                    values.writeObject(streamOptions);
                }
                values.flush();
                at = span.end();
            }
            out.copy(bytes, at, closingBrace);
            boolean first = !hasFields;
            if (this.model == null) {
                first = comma(out, first);
                out.write(MODEL_FIELD);
                values.writeString(model);
                values.flush();
            }
            if (streamOptions != null && this.streamOptions == null) {
                comma(out, first);
                out.write(STREAM_OPTIONS_FIELD);
                values.writeObject(streamOptions);
                values.flush();
            }
            out.copy(bytes, closingBrace, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException("a request body cannot be written as JSON", e);
        }
        return out.bytes();
    }

    /** Writes the comma before a field added after others; returns false: the next field added is not the first. */
    private static boolean comma(ByteSplice out, boolean first) {
        if (!first) {
            out.write(',');
        }
        return false;
    }
}
