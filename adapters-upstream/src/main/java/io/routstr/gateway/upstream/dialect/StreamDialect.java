package io.routstr.gateway.upstream.dialect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamEvent;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One stream's events in its endpoint's dialect (Routstr §4.7): what each event carries for billing (generated text,
 * usage), which ones wait for the bill (the usage-only chunk, the final event and all after it, {@code [DONE]}), and
 * the billed trailer written once the request is charged. Events are written as the upstream sent them, with their
 * {@code id:} and {@code retry:} fields.
 */
public final class StreamDialect {

    private final ApiEndpoint endpoint;
    private final ResponseDialect dialect;
    private final String clientModel;
    private final boolean clientWantsUsage;
    private final ObjectMapper mapper;
    /** Reads an event's values one by one, as a map's are read. */
    private final ObjectReader values;
    /** The client's model id as a JSON string, put in place of the provider's in each event passed on. */
    private final String quotedClientModel;

    private final Map<String, Object> upstreamUsage = new LinkedHashMap<>();
    private final List<SseEvent> heldBack = new ArrayList<>();
    private SseEvent usageChunk;
    private boolean sawDone;
    private String lastId;

    public StreamDialect(ApiEndpoint endpoint, String clientModel, JsonPayload request, ObjectMapper mapper) {
        this.endpoint = endpoint;
        this.dialect = new ResponseDialect(endpoint);
        this.clientModel = clientModel;
        this.clientWantsUsage = request.clientWantsUsage();
        this.mapper = mapper;
        this.values = mapper.readerFor(Object.class);
        try {
            this.quotedClientModel = mapper.writeValueAsString(clientModel);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a model id cannot be written as JSON", e);
        }
    }

    /**
     * An event as the upstream sent it: its data read as JSON when it is a JSON object, with the client's model put
     * back ({@link EventData}), then {@link #accept(SseEvent)}'s meaning; an event passed on goes with the upstream's
     * own text, only its model changed.
     */
    public List<UpstreamEvent> accept(
            Optional<String> event, String data, Optional<String> id, Optional<Long> retry, boolean hasData) {
        Optional<EventData> read = EventData.read(data, clientModel, quotedClientModel, mapper.getFactory(), values);
        SseEvent parsed = new SseEvent(event, data, read.map(EventData::json), id, retry, hasData);
        return accept(parsed, read.flatMap(EventData::text).orElse(null));
    }

    /** What {@code event} means to billing, in order: the usage it reported, then the content to pass on, if any. */
    public List<UpstreamEvent> accept(SseEvent event) {
        return accept(event, null);
    }

    /** As {@link #accept(SseEvent)}; an event passed on is written with {@code text} as its data, if not null. */
    private List<UpstreamEvent> accept(SseEvent event, String text) {
        if (event.isDone()) {
            sawDone = true;
            return List.of();
        }
        List<UpstreamEvent> typed = new ArrayList<>(2);
        boolean forward = true;
        long characters = 0;
        if (event.json().isPresent()) {
            Map<String, Object> json = event.json().get();
            Optional<Map<String, Object>> usage = dialect.eventUsage(json);
            usage.ifPresent(upstreamUsage::putAll);
            boolean completes = dialect.completesUsage(json);
            if (usage.isPresent() || completes) {
                typed.add(new UpstreamEvent.Usage(
                        upstreamUsage.isEmpty() ? Optional.empty() : UsageNormalizer.fromMap(upstreamUsage),
                        completes));
            }
            characters = dialect.eventTextCharacters(json);
            if (json.get("id") instanceof String id) {
                lastId = id;
            }
            if (dialect.isUsageOnly(json)) {
                // Routstr §4.7: the usage chunk is replaced by a billed one, sent only if asked for.
                usageChunk = event;
                forward = false;
            } else if (!heldBack.isEmpty() || dialect.isFinal(json)) {
                // The final event and all after it wait for the charge, keeping their order.
                heldBack.add(event);
                forward = false;
            }
        } else if (!heldBack.isEmpty()) {
            heldBack.add(event);
            forward = false;
        }
        typed.add(
                forward
                        ? new UpstreamEvent.Delta(wire(event, text), characters)
                        : new UpstreamEvent.Withheld(characters));
        return typed;
    }

    /**
     * The held-back final events with the bill written in, then {@code [DONE]} if the upstream sent it; a chat stream
     * cut at the maximum lifetime still ends as a stream does, so that clients stop reading cleanly.
     */
    public byte[] trailer(RequestBill bill, boolean cut) {
        boolean chatShaped = endpoint != ApiEndpoint.RESPONSES && endpoint != ApiEndpoint.MESSAGES;
        List<SseEvent> trailer = new ArrayList<>(heldBack);
        Optional<SseEvent> billTarget =
                heldBack.stream().filter(e -> e.json().isPresent()).findFirst();
        if (chatShaped && (clientWantsUsage || billTarget.isEmpty())) {
            SseEvent chunk = usageChunk != null ? usageChunk : SseEvent.ofJson(Optional.empty(), usageOnlyChunk());
            heldBack.forEach(e -> e.json().ifPresent(json -> json.remove("usage")));
            trailer.add(chunk);
            billTarget = Optional.of(chunk);
        }
        billTarget
                .flatMap(SseEvent::json)
                .ifPresent(json -> dialect.writeBill(json, upstreamUsage, bill.usage(), bill));
        if (sawDone || (cut && chatShaped)) {
            trailer.add(SseEvent.done());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Written from their maps: the bill went into them.
        trailer.forEach(event -> out.writeBytes(wire(event, null)));
        return out.toByteArray();
    }

    private Map<String, Object> usageOnlyChunk() {
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("id", lastId != null ? lastId : "chatcmpl-" + UUID.randomUUID());
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", System.currentTimeMillis() / 1000);
        chunk.put("model", clientModel);
        chunk.put("choices", List.of());
        return chunk;
    }

    /**
     * {@code event} as the client reads it: its fields as sent, its data {@code passedOn} when given (the upstream's
     * own, the model put back), else its JSON written from its map (where cost fields went in), else its data as sent.
     */
    private byte[] wire(SseEvent event, String passedOn) {
        String data = null;
        if (event.hasData() || event.json().isPresent()) {
            try {
                data = passedOn != null
                        ? passedOn
                        : event.json().isPresent()
                                ? mapper.writeValueAsString(event.json().get())
                                : event.data();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an event cannot be written as JSON", e);
            }
        }
        StringBuilder text = new StringBuilder((data == null ? 0 : data.length()) + 64);
        event.event().ifPresent(name -> text.append("event: ").append(name).append('\n'));
        event.id().ifPresent(id -> text.append("id: ").append(id).append('\n'));
        event.retry().ifPresent(millis -> text.append("retry: ").append(millis).append('\n'));
        if (data != null) {
            if (data.indexOf('\n') < 0) {
                text.append("data: ").append(data).append('\n');
            } else {
                for (String line : data.split("\n", -1)) {
                    text.append("data: ").append(line).append('\n');
                }
            }
        }
        text.append('\n');
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
