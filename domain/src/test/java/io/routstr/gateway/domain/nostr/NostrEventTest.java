package io.routstr.gateway.domain.nostr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** NIP-01's canonical serialization and the provider listing's shape (Routstr §8). */
class NostrEventTest {

    private static final String PUBKEY = "7e7e9c42a91bfef19fa929e5fda1b72e0ebc1a4c1141673e2794234d86addf4e";

    @Test
    void serializesCanonicallyWithoutWhitespace_escapingAsJsonStringify() {
        NostrEvent event = NostrEvent.unsigned(
                PUBKEY, 1_700_000_000, 1, List.of(List.of("e", "a\"b"), List.of("p")), "line\nand\ttab\\ é \u0001");

        assertThat(event.serialize())
                .isEqualTo("[0,\"" + PUBKEY + "\",1700000000,1,[[\"e\",\"a\\\"b\"],[\"p\"]],"
                        + "\"line\\nand\\ttab\\\\ é \\u0001\"]");
        assertThat(event.id()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void theIdIsTheOneNostrToolsComputesForTheSameEvent() {
        NostrEvent event = NostrEvent.unsigned(
                PUBKEY,
                1_700_000_000,
                38421,
                List.of(
                        List.of("d", "7e7e9c42a91b"),
                        List.of("u", "https://node.example"),
                        List.of("mint", "https://mint.example"),
                        List.of("version", "1.0.0")),
                "{\"name\":\"Test node\",\"about\":\"A \\\"quoted\\\"\\nline\"}");

        assertThat(event.id()).isEqualTo("1ad88384ba14199faa70b9b2d838fb780e5ffe7b1d667ad41cb4d8f7c24c77e5");
    }

    @Test
    void theListingCarriesDUrlsMintsAndVersion_andNameAndAboutAsCompactJson() {
        ProviderListing listing = new ProviderListing(
                "7e7e9c42a91b",
                List.of("https://node.example"),
                List.of("https://mint.example"),
                "1.2.3",
                "Node \"one\"",
                "about");

        NostrEvent event = listing.toEvent(PUBKEY, 1_700_000_000);

        assertThat(event.kind()).isEqualTo(38421);
        assertThat(event.tags())
                .containsExactly(
                        List.of("d", "7e7e9c42a91b"),
                        List.of("u", "https://node.example"),
                        List.of("mint", "https://mint.example"),
                        List.of("version", "1.2.3"));
        assertThat(event.content()).isEqualTo("{\"name\":\"Node \\\"one\\\"\",\"about\":\"about\"}");
        assertThat(listing.isPublishedAs(listing.toEvent(PUBKEY, 1_800_000_000).signed("a".repeat(128))))
                .isTrue();
        assertThat(new ProviderListing("7e7e9c42a91b", List.of(), List.of(), "1.2.4", "n", "a").isPublishedAs(event))
                .isFalse();
    }
}
