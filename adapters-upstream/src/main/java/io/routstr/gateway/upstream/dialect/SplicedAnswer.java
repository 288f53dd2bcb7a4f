package io.routstr.gateway.upstream.dialect;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamAnswer;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.usage.TokenUsage;
import io.routstr.gateway.upstream.dialect.ByteSplice.Span;
import io.routstr.gateway.upstream.dialect.ResponseDialect.BillFields;
import io.routstr.gateway.upstream.dialect.ResponseDialect.CostObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A whole JSON answer in the client's own dialect, written out as the upstream sent it with only the model and the
 * bill changed in its bytes: the model's value replaced by the client's model id, the usage object's replaced by the
 * billed one, and {@code cost} and {@code provider} added before the closing brace. It reads what it needs with one
 * pass of a streaming parser over the top level (the usage object and {@code total_cost} parsed, every other value
 * skipped), where a {@link JsonAnswer} parses the whole answer into maps and writes all of it again: that was 4.6 % of
 * the node's CPU samples at 64 connections with the benchmark's 230-byte answers (docs/benchmarks.md, session 25), and
 * it grows with the answer's length (a 4 kB answer: 21.5 µs against 5.5 spliced).
 *
 * <p>The answer the client gets is the one {@link JsonAnswer} writes, field for field and in the same order; only its
 * untouched values keep the upstream's spelling (its whitespace, number format and escapes) instead of Jackson's. An
 * answer whose top level the splice would write differently is left to {@link JsonAnswer}: a repeated key (a map
 * keeps the last value at the first key's place), {@code cost} or {@code provider} already there (they are replaced
 * in place), a nested {@code response} or {@code message} object (their model is rewritten, and a Responses event
 * keeps its usage there), anything after the closing brace (a map drops it), or an answer not in UTF-8 or with a byte
 * order mark (its byte offsets are not Jackson's).
 */
public final class SplicedAnswer implements UpstreamAnswer {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final byte[] USAGE_FIELD = "\"usage\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COST_FIELD = ",\"cost\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROVIDER_FIELD = ",\"provider\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COST_SATS_FIELD = ",\"cost_sats\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REMAINING_FIELD = ",\"remaining_balance_msats\":".getBytes(StandardCharsets.US_ASCII);
    /** The usage fields a bill writes ({@link ResponseDialect#billFields}): an upstream's own are replaced in place. */
    private static final Set<String> BILL_USAGE_FIELDS = Set.of("cost", "cost_sats", "remaining_balance_msats");

    private final ResponseDialect dialect;
    private final byte[] body;
    private final Scan scan;
    private final String clientModel;
    private final Splicer splicer;

    private SplicedAnswer(ApiEndpoint endpoint, byte[] body, Scan scan, String clientModel, Splicer splicer) {
        this.dialect = new ResponseDialect(endpoint);
        this.body = body;
        this.scan = scan;
        this.clientModel = clientModel;
        this.splicer = splicer;
    }

    /** Reads answers for splicing with {@code mapper}; one per node, shared by all requests. */
    public static Splicer splicer(ObjectMapper mapper) {
        return new Splicer(mapper);
    }

    /** What splices answers: the node's mapper, and a reader of JSON objects prepared once (a type resolved once). */
    public static final class Splicer {

        private final ObjectMapper mapper;
        private final ObjectReader objects;
        /** Reads a value of any kind, as a map's values are read. */
        private final ObjectReader values;

        private Splicer(ObjectMapper mapper) {
            this.mapper = mapper;
            this.objects = mapper.readerFor(MAP);
            this.values = mapper.readerFor(Object.class);
        }

        /**
         * The answer, when {@code body} is a JSON object whose top level can be spliced; empty otherwise (not an
         * object, not valid JSON, or a shape left to {@link JsonAnswer}), and the caller reads it as before.
         */
        public Optional<UpstreamAnswer> of(ApiEndpoint endpoint, byte[] body, String clientModel) {
            return Scan.of(body, this).map(scan -> new SplicedAnswer(endpoint, body, scan, clientModel, this));
        }
    }

    @Override
    public Optional<TokenUsage> usage() {
        return UsageNormalizer.fromResponse(scan.billingFields());
    }

    /** Parses the answer whole: asked only for an estimate, when it reports no usage. */
    @Override
    public long generatedCharacters() {
        try {
            return dialect.answerTextCharacters(splicer.objects.readValue(body));
        } catch (IOException e) {
            throw new UncheckedIOException("a scanned answer no longer parses", e);
        }
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] renderWithBill(RequestBill bill) {
        CostObject cost = ResponseDialect.costObject(bill.cost(), bill.remainingBalance(), bill.usage());
        ByteSplice out = new ByteSplice(body.length + 512);
        // One generator writes every new value straight into the answer, between the upstream's own bytes.
        try (JsonGenerator values = splicer.mapper.getFactory().createGenerator(out)) {
            values.setRootValueSeparator(null);
            int at = 0;
            Span costWritten = null;
            // The model and the usage, each where the upstream put it, in the order they come.
            for (Span span : Span.inOrder(scan.model(), scan.usageSpan())) {
                out.copy(body, at, span.start());
                if (span == scan.model()) {
                    values.writeString(clientModel);
                    values.flush();
                } else {
                    costWritten = writeUsage(out, values, bill, cost);
                }
                at = span.end();
            }
            out.copy(body, at, scan.closingBrace());
            if (scan.usageSpan() == null) {
                if (scan.hasFields()) {
                    out.write(',');
                }
                out.write(USAGE_FIELD);
                costWritten = writeUsage(out, values, bill, cost);
            }
            out.write(COST_FIELD);
            if (costWritten != null) {
                out.repeat(costWritten.start(), costWritten.end());
            } else {
                values.writeObject(cost);
                values.flush();
            }
            out.write(PROVIDER_FIELD);
            values.writeString(bill.provider());
            values.flush();
            out.copy(body, scan.closingBrace(), body.length);
        } catch (IOException e) {
            throw new UncheckedIOException("a bill cannot be written as JSON", e);
        }
        return out.bytes();
    }

    /**
     * Writes the billed usage object: the upstream's own bytes with the bill's three fields added before its closing
     * brace, when it sent a non-empty object without any of them and without a repeated key, and returns where the cost went
     * in (the top level's {@code cost} is a copy of it); else the usage written from its map (a field the bill
     * replaces is replaced in place, and an upstream that sent no usage object gets one built from the usage), and
     * null.
     */
    private Span writeUsage(ByteSplice out, JsonGenerator values, RequestBill bill, CostObject cost)
            throws IOException {
        if (!scan.usageSplicesWithTheBill()) {
            BillFields fields = dialect.billFields(scan.usage().orElse(Map.of()), bill.usage(), bill);
            values.writeObject(fields.usage());
            values.flush();
            return null;
        }
        out.copy(body, scan.usageSpan().start(), scan.usageClosingBrace());
        out.write(COST_FIELD);
        int start = out.size();
        values.writeObject(cost);
        values.flush();
        Span written = new Span(start, out.size());
        out.write(COST_SATS_FIELD);
        values.writeNumber(ResponseDialect.sats(bill.cost().total()));
        values.flush();
        if (bill.remainingBalance().isPresent()) {
            out.write(REMAINING_FIELD);
            values.writeNumber(bill.remainingBalance().get().value());
            values.flush();
        }
        out.copy(body, scan.usageClosingBrace(), scan.usageSpan().end());
        return written;
    }

    /**
     * What the splice needs of an answer's top level, found in one pass.
     *
     * @param model the model's value, or null
     * @param usageSpan the usage's value, or null
     * @param usageObject the usage object parsed, or null (absent, or not an object)
     * @param usageClosingBrace the offset of the usage object's closing brace, or -1
     * @param usageRepeatsAKey whether a key of the usage object is repeated (its map keeps one)
     * @param totalCost the {@code total_cost} value parsed (a provider's own cost report), or null
     * @param closingBrace the offset of the top level's closing brace
     * @param hasFields whether the top level has any field
     */
    private record Scan(
            Span model,
            Span usageSpan,
            Map<String, Object> usageObject,
            int usageClosingBrace,
            boolean usageRepeatsAKey,
            Object totalCost,
            int closingBrace,
            boolean hasFields) {

        /** Whether the upstream's usage object can take the bill's fields before its closing brace. */
        boolean usageSplicesWithTheBill() {
            // An empty one is replaced by one built from the usage, as a map would be.
            return usageObject != null
                    && !usageObject.isEmpty()
                    && !usageRepeatsAKey
                    && BILL_USAGE_FIELDS.stream().noneMatch(usageObject::containsKey);
        }

        Optional<Map<String, Object>> usage() {
            return Optional.ofNullable(usageObject);
        }

        /** The top-level fields the usage normaliser reads: {@code usage} and {@code total_cost}. */
        Map<String, Object> billingFields() {
            Map<String, Object> fields = new HashMap<>(4);
            if (usageObject != null) {
                fields.put("usage", usageObject);
            }
            if (totalCost != null) {
                fields.put("total_cost", totalCost);
            }
            return fields;
        }

        static Optional<Scan> of(byte[] body, Splicer splicer) {
            if (!ByteSplice.startsWithBrace(body)) {
                return Optional.empty();
            }
            try (JsonParser parser = splicer.mapper.getFactory().createParser(body)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return Optional.empty();
                }
                Span model = null;
                Span usage = null;
                Map<String, Object> usageObject = null;
                int usageClosingBrace = -1;
                boolean usageRepeatsAKey = false;
                Object totalCost = null;
                Set<String> names = new HashSet<>();
                JsonToken token;
                while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    if (!names.add(name)) {
                        return Optional.empty();
                    }
                    JsonToken value = parser.nextToken();
                    int start = Math.toIntExact(parser.currentTokenLocation().getByteOffset());
                    switch (name) {
                        case "cost", "provider" -> {
                            return Optional.empty();
                        }
                        case "usage" -> {
                            if (value == JsonToken.START_OBJECT) {
                                usageObject = new LinkedHashMap<>();
                                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                                    String field = parser.currentName();
                                    parser.nextToken();
                                    usageRepeatsAKey |= usageObject.containsKey(field);
                                    usageObject.put(field, splicer.values.readValue(parser));
                                }
                                usageClosingBrace = Math.toIntExact(
                                        parser.currentTokenLocation().getByteOffset());
                            } else {
                                finish(parser, value);
                            }
                            usage = new Span(start, end(parser));
                        }
                        case "model" -> {
                            finish(parser, value);
                            model = new Span(start, end(parser));
                        }
                        case "total_cost" -> totalCost = splicer.values.readValue(parser);
                        default -> {
                            if (value == JsonToken.START_OBJECT
                                    && ResponseDialect.NESTED_MODEL_HOLDERS.contains(name)) {
                                // Its model is rewritten too, and a Responses event keeps its usage there.
                                return Optional.empty();
                            }
                            finish(parser, value);
                        }
                    }
                }
                if (token != JsonToken.END_OBJECT) {
                    return Optional.empty();
                }
                int closingBrace = Math.toIntExact(parser.currentTokenLocation().getByteOffset());
                if (!ByteSplice.onlyWhitespaceAfter(body, closingBrace + 1)) {
                    return Optional.empty();
                }
                return Optional.of(new Scan(
                        model,
                        usage,
                        usageObject,
                        usageClosingBrace,
                        usageRepeatsAKey,
                        totalCost,
                        closingBrace,
                        !names.isEmpty()));
            } catch (IOException | RuntimeException e) {
                // Not valid JSON, or a value the parser refuses: the whole answer's parse says what to do with it.
                return Optional.empty();
            }
        }

        /** Moves past a value: past its last child if it has children, past its last byte if it is a scalar. */
        private static void finish(JsonParser parser, JsonToken value) throws IOException {
            if (value.isStructStart()) {
                parser.skipChildren();
            } else {
                // A string is read lazily: finished, the parser's location is past its closing quote.
                parser.finishToken();
            }
        }

        private static int end(JsonParser parser) {
            return Math.toIntExact(parser.currentLocation().getByteOffset());
        }
    }
}
