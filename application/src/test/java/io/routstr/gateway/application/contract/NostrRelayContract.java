package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.port.out.NostrRelayPort;
import io.routstr.gateway.application.port.out.NostrRelayPort.Filter;
import io.routstr.gateway.application.port.out.NostrRelayPort.PublishReport;
import io.routstr.gateway.domain.nostr.NostrEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link NostrRelayPort} (NIP-01), for the fake and the WebSocket adapter against a real relay: a
 * signed event is accepted and found by its kind and author; an unsigned one is the caller's bug and never sent; a relay
 * that is down accepts and finds nothing.
 */
public abstract class NostrRelayContract {

    /** A provider listing (kind 38421) signed by nostr-tools with NIP-19's example key. */
    protected static final NostrEvent SIGNED = new NostrEvent(
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

    /** The relays of one relay holding no event. */
    protected abstract NostrRelayPort relays();

    /** The relay of {@link #relays()} stops answering. */
    protected abstract void relayGoesDown();

    @Test
    void aSignedEvent_isAccepted_andFoundByItsKindAndAuthor() {
        NostrRelayPort relays = relays();

        PublishReport report = relays.publish(SIGNED);

        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.tried()).isEqualTo(1);
        assertThat(report.refusals()).isEmpty();
        assertThat(relays.fetch(new Filter(List.of(38421), List.of(SIGNED.pubkey()), 10)))
                .containsExactly(SIGNED);
    }

    @Test
    void aFilterOfAnotherKindOrAuthor_findsNothing() {
        NostrRelayPort relays = relays();
        relays.publish(SIGNED);

        assertThat(relays.fetch(new Filter(List.of(1), List.of(SIGNED.pubkey()), 10)))
                .isEmpty();
        assertThat(relays.fetch(new Filter(List.of(38421), List.of("b".repeat(64)), 10)))
                .isEmpty();
    }

    @Test
    void anUnsignedEvent_isTheCallersBug_andIsNeverSent() {
        NostrRelayPort relays = relays();
        NostrEvent unsigned = NostrEvent.unsigned(
                SIGNED.pubkey(), SIGNED.createdAt(), SIGNED.kind(), SIGNED.tags(), SIGNED.content());

        assertThatThrownBy(() -> relays.publish(unsigned)).isInstanceOf(IllegalStateException.class);
        assertThat(relays.fetch(new Filter(List.of(38421), List.of(), 10))).isEmpty();
    }

    @Test
    void aRelayThatIsDown_acceptsAndFindsNothing() {
        NostrRelayPort relays = relays();
        relays.publish(SIGNED);
        relayGoesDown();

        assertThat(relays.publish(SIGNED).accepted()).isZero();
        assertThat(relays.fetch(new Filter(List.of(38421), List.of(), 10))).isEmpty();
    }
}
