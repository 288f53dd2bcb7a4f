package io.routstr.gateway.upstream.nostr;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.NostrRelayPort.Filter;
import io.routstr.gateway.application.port.out.NostrRelayPort.PublishReport;
import io.routstr.gateway.domain.nostr.NostrEvent;
import io.routstr.gateway.upstream.nostr.testrelay.NostrTestRelay;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay client against the NIP-01 test relay, which checks every event with nostr-tools: a signed listing is
 * accepted and read back, a tampered one is refused, and a dead relay is backed off instead of tried at every call.
 */
class WebSocketNostrRelaysTest {

    // Signed by nostr-tools with NIP-19's example key (src/test/node has the script's packages).
    private static final NostrEvent SIGNED = new NostrEvent(
            "7e7e9c42a91bfef19fa929e5fda1b72e0ebc1a4c1141673e2794234d86addf4e",
            1_700_000_000,
            38421,
            List.of(
                    List.of("d", "7e7e9c42a91b"),
                    List.of("u", "https://node.example"),
                    List.of("mint", "https://mint.example"),
                    List.of("version", "1.0.0")),
            "{\"name\":\"Test node\",\"about\":\"A \\\"quoted\\\"\\nline\"}",
            "93f51fa86706e3210b1c796ca7b7a58dc8ac3f0f4cd3f50db567106fb89fe33e"
                    + "47bd9ae6ad9b4c33284ea4c09c10939ec410bc09aac21ba4cf81d53c3a01d916");

    private static NostrTestRelay relay;

    @BeforeAll
    static void startRelay() {
        relay = NostrTestRelay.start();
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    @Test
    void theCanonicalIdIsTheOneNostrToolsComputed() {
        assertThat(SIGNED.id()).isEqualTo("1ad88384ba14199faa70b9b2d838fb780e5ffe7b1d667ad41cb4d8f7c24c77e5");
    }

    @Test
    void aSignedEventIsAcceptedAndReadBack_aTamperedOneIsRefused() {
        WebSocketNostrRelays relays =
                new WebSocketNostrRelays(List.of(relay.url()), Duration.ofSeconds(5), Clock.systemUTC());

        PublishReport published = relays.publish(SIGNED);
        List<NostrEvent> found = relays.fetch(new Filter(List.of(38421), List.of(SIGNED.pubkey()), 10));
        NostrEvent tampered =
                new NostrEvent(SIGNED.pubkey(), SIGNED.createdAt(), SIGNED.kind(), SIGNED.tags(), "{}", SIGNED.sig());
        PublishReport refused = relays.publish(tampered);

        assertThat(published.accepted()).isEqualTo(1);
        assertThat(found).containsExactly(SIGNED);
        assertThat(relay.events()).extracting(e -> e.get("id").asText()).containsExactly(SIGNED.id());
        assertThat(refused.accepted()).isZero();
        assertThat(refused.refusals()).singleElement().asString().contains("invalid");
    }

    @Test
    void aDeadRelayIsBackedOff() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        WebSocketNostrRelays relays =
                new WebSocketNostrRelays(List.of("ws://127.0.0.1:" + port), Duration.ofSeconds(2), Clock.systemUTC());

        PublishReport first = relays.publish(SIGNED);
        PublishReport second = relays.publish(SIGNED);

        assertThat(first.tried()).isEqualTo(1);
        assertThat(first.accepted()).isZero();
        assertThat(second.tried())
                .as("within the backoff the relay is not tried")
                .isZero();
    }
}
