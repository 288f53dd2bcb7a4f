package io.routstr.gateway.upstream.dialect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A streamed event's data read as a JSON object, field by field (as a map's values are read), with the client's model
 * put in place of the provider's, in the map and in the text: top-level {@code model}, and {@code model} inside a
 * {@code response} (the Responses API's events) or {@code message} object (Anthropic's {@code message_start}). The
 * event then goes to the client as the upstream wrote it with only the model changed, where the node used to write
 * each event's map again; the map stays for what billing reads of it.
 *
 * @param json the data parsed, the model already the client's, as {@code readValue} into a {@code LinkedHashMap} and
 *     the model put back would have made it
 * @param text the data with the model put back in its text, when that reads as {@code json} does; empty when it would
 *     not (a repeated key: a map keeps the last value at the first key's place; or text after the object)
 */
record EventData(Map<String, Object> json, Optional<String> text) {

    private static final String MODEL = "model";

    /**
     * {@code data} read, or empty when it is no JSON object (as the adapter decided before: the data stripped of
     * whitespace must begin with a brace and parse).
     */
    static Optional<EventData> read(
            String data, String clientModel, String quotedClientModel, JsonFactory factory, ObjectReader values) {
        String trimmed = data.strip();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        try (JsonParser parser = factory.createParser(trimmed)) {
            parser.nextToken();
            List<int[]> models = new ArrayList<>(1);
            Reading top = readObject(parser, values, clientModel, models, true);
            int end = Math.toIntExact(parser.currentLocation().getCharOffset());
            boolean spliceable = top.unrepeated() && trimmed.substring(end).isBlank();
            return Optional.of(new EventData(
                    top.map(),
                    spliceable ? Optional.of(splice(trimmed, models, quotedClientModel)) : Optional.empty()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private record Reading(Map<String, Object> map, boolean unrepeated) {}

    /**
     * Reads the object whose START_OBJECT is the current token up to its END_OBJECT; a {@code model} field's value is
     * replaced by the client's and its place (start, end) noted; at the top level, so is the {@code model} of a
     * {@code response} or {@code message} object, read the same way.
     */
    private static Reading readObject(
            JsonParser parser, ObjectReader values, String clientModel, List<int[]> models, boolean top)
            throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        boolean unrepeated = true;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            int start = Math.toIntExact(parser.currentTokenLocation().getCharOffset());
            Object read;
            if (top && value == JsonToken.START_OBJECT && ResponseDialect.NESTED_MODEL_HOLDERS.contains(name)) {
                Reading nested = readObject(parser, values, clientModel, models, false);
                unrepeated &= nested.unrepeated();
                read = nested.map();
            } else {
                read = values.readValue(parser);
                if (name.equals(MODEL)) {
                    models.add(new int[] {
                        start, Math.toIntExact(parser.currentLocation().getCharOffset())
                    });
                    read = clientModel;
                }
            }
            unrepeated &= !map.containsKey(name);
            map.put(name, read);
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("an event's object does not end");
        }
        return new Reading(map, unrepeated);
    }

    /** {@code text} with each noted model value (in the order they come) replaced by the client's, quoted. */
    private static String splice(String text, List<int[]> models, String quotedClientModel) {
        if (models.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        int at = 0;
        for (int[] span : models) {
            out.append(text, at, span[0]).append(quotedClientModel);
            at = span[1];
        }
        return out.append(text, at, text.length()).toString();
    }
}
