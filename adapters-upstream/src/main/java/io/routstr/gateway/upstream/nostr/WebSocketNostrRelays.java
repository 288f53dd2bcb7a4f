package io.routstr.gateway.upstream.nostr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routstr.gateway.application.port.out.NostrRelayPort;
import io.routstr.gateway.domain.nostr.NostrEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured Nostr relays ({@code RELAYS}) over the JDK's WebSocket client, one short connection per call (NIP-01:
 * {@code EVENT} answered by {@code OK}, {@code REQ} answered by events and {@code EOSE}). A relay that fails is left
 * alone for a while, doubling from 5 s to 15 min with ±20 % jitter (Routstr §8), so a dead relay costs one timeout per
 * backoff, not one per call.
 */
public final class WebSocketNostrRelays implements NostrRelayPort {

    private static final Logger log = LoggerFactory.getLogger(WebSocketNostrRelays.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

    private final List<URI> relays;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration timeout;
    private final Clock clock;
    private final Map<URI, Backoff> backoffs = new ConcurrentHashMap<>();

    private record Backoff(int failures, Instant until) {}

    public WebSocketNostrRelays(List<String> relays, Duration timeout, Clock clock) {
        this.relays = relays.stream()
                .map(String::strip)
                .filter(r -> !r.isEmpty())
                .map(URI::create)
                .toList();
        for (URI relay : this.relays) {
            if (!"wss".equals(relay.getScheme()) && !"ws".equals(relay.getScheme())) {
                throw new IllegalArgumentException("a relay is a ws:// or wss:// URL, not " + relay);
            }
        }
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public PublishReport publish(NostrEvent event) {
        String message = "[\"EVENT\"," + event.toJson() + "]";
        int tried = 0;
        int accepted = 0;
        List<String> refusals = new ArrayList<>();
        for (URI relay : available()) {
            tried++;
            try {
                CompletableFuture<JsonNode> ok = new CompletableFuture<>();
                exchange(
                        relay,
                        message,
                        frame -> {
                            if (frame.path(0).asText().equals("OK")
                                    && frame.path(1).asText().equals(event.id())) {
                                ok.complete(frame);
                            }
                        },
                        ok);
                JsonNode answer = ok.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                succeeded(relay);
                if (answer.path(2).asBoolean(false)) {
                    accepted++;
                } else {
                    refusals.add(relay.getHost() + ": " + answer.path(3).asText(""));
                }
            } catch (RuntimeException | ExecutionException | TimeoutException e) {
                failed(relay, e);
                refusals.add(relay.getHost() + ": unreachable");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new PublishReport(tried, accepted, refusals);
    }

    @Override
    public List<NostrEvent> fetch(Filter filter) {
        String subscription = UUID.randomUUID().toString().substring(0, 8);
        String message = "[\"REQ\",\"" + subscription + "\"," + filterJson(filter) + "]";
        Map<String, NostrEvent> found = new LinkedHashMap<>();
        for (URI relay : available()) {
            List<NostrEvent> events = new CopyOnWriteArrayList<>();
            CompletableFuture<JsonNode> eose = new CompletableFuture<>();
            try {
                exchange(
                        relay,
                        message,
                        frame -> {
                            String type = frame.path(0).asText();
                            if (type.equals("EVENT") && frame.path(1).asText().equals(subscription)) {
                                parse(frame.path(2)).ifPresent(events::add);
                            } else if (type.equals("EOSE")
                                    && frame.path(1).asText().equals(subscription)) {
                                eose.complete(frame);
                            }
                        },
                        eose);
                eose.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                succeeded(relay);
            } catch (RuntimeException | ExecutionException | TimeoutException e) {
                failed(relay, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            events.forEach(e -> found.putIfAbsent(e.id(), e));
        }
        return found.values().stream()
                .sorted(Comparator.comparingLong(NostrEvent::createdAt).reversed())
                .toList();
    }

    /** Opens a connection, sends {@code message}, hands every text frame to {@code onFrame} until {@code done}. */
    private void exchange(URI relay, String message, Consumer<JsonNode> onFrame, CompletableFuture<JsonNode> done) {
        WebSocket socket = http.newWebSocketBuilder()
                .connectTimeout(timeout)
                .buildAsync(relay, new Frames(onFrame, done))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .join();
        done.whenComplete((result, error) -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "")
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    socket.abort();
                    return socket;
                }));
        socket.sendText(message, true)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .join();
    }

    /** Collects text frames (possibly split in parts) and hands each whole one on as JSON. */
    private final class Frames implements WebSocket.Listener {
        private final Consumer<JsonNode> onFrame;
        private final CompletableFuture<JsonNode> done;
        private final StringBuilder partial = new StringBuilder();

        Frames(Consumer<JsonNode> onFrame, CompletableFuture<JsonNode> done) {
            this.onFrame = onFrame;
            this.done = done;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onFrame.accept(json.readTree(text));
                } catch (IOException | RuntimeException e) {
                    log.debug("ignoring a malformed relay frame: {}", e.toString());
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            done.completeExceptionally(new IOException("relay closed the connection (" + status + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            done.completeExceptionally(error);
        }
    }

    private List<URI> available() {
        Instant now = clock.instant();
        return relays.stream()
                .filter(r -> {
                    Backoff b = backoffs.get(r);
                    return b == null || !now.isBefore(b.until());
                })
                .toList();
    }

    private void succeeded(URI relay) {
        backoffs.remove(relay);
    }

    private void failed(URI relay, Exception e) {
        Backoff previous = backoffs.get(relay);
        int failures = previous == null ? 1 : previous.failures() + 1;
        long base = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(failures - 1, 20));
        long jittered = (long) (base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        backoffs.put(relay, new Backoff(failures, clock.instant().plusMillis(jittered)));
        log.warn("Nostr relay {} failed ({}); next try in {} s", relay, e.toString(), jittered / 1000);
    }

    private String filterJson(Filter filter) {
        ObjectNode node = json.createObjectNode();
        ArrayNode kinds = node.putArray("kinds");
        filter.kinds().forEach(kinds::add);
        if (!filter.authors().isEmpty()) {
            ArrayNode authors = node.putArray("authors");
            filter.authors().forEach(authors::add);
        }
        node.put("limit", filter.limit());
        return node.toString();
    }

    /** An event as a relay sent it; one that does not fit NIP-01's shape is dropped. */
    private static Optional<NostrEvent> parse(JsonNode node) {
        try {
            List<List<String>> tags = new ArrayList<>();
            for (JsonNode tag : node.path("tags")) {
                List<String> values = new ArrayList<>();
                tag.forEach(v -> values.add(v.asText()));
                tags.add(values);
            }
            NostrEvent event = new NostrEvent(
                    node.path("pubkey").asText(),
                    node.path("created_at").asLong(),
                    node.path("kind").asInt(),
                    tags,
                    node.path("content").asText(),
                    node.path("sig").asText());
            // An event whose id does not match its content was altered: drop it.
            return event.id().equals(node.path("id").asText()) ? Optional.of(event) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
