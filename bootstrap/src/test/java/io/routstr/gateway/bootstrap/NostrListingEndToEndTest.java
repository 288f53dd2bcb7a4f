package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.in.nostr.DiscoverProvidersUseCase;
import io.routstr.gateway.application.port.in.nostr.PublishProviderListingUseCase;
import io.routstr.gateway.application.port.in.nostr.PublishProviderListingUseCase.ListingOutcome;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import io.routstr.gateway.upstream.nostr.testrelay.NostrTestRelay;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The node's provider listing (kind 38421) reaches a NIP-01 relay that accepts only what nostr-tools verifies: signed
 * with the {@code NSEC} key at start-up, shaped as Routstr's (tags d, u, mint, version; content name and about), sent
 * again only when it changed; {@code /v1/info} shows the npub derived from the key.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NostrListingEndToEndTest {

    private static final NostrTestRelay RELAY = NostrTestRelay.start();

    // NIP-19's example key pair.
    private static final String NSEC = "nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5";
    private static final String PUBKEY = "7e7e9c42a91bfef19fa929e5fda1b72e0ebc1a4c1141673e2794234d86addf4e";
    private static final String NPUB = "npub10elfcs4fr0l0r8af98jlmgdh9c8tcxjvz9qkw038js35mp4dma8qzvjptg";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
        registry.add("NSEC", () -> NSEC);
        registry.add("RELAYS", RELAY::url);
        registry.add("HTTP_URL", () -> "https://node.example");
        registry.add("NAME", () -> "Listed \"node\"");
        registry.add("DESCRIPTION", () -> "Answers\nquickly");
        registry.add("CASHU_MINTS", () -> "https://mint.example");
        registry.add("PROVIDERS_REFRESH_INTERVAL_SECONDS", () -> "3600");
    }

    @AfterAll
    static void stopRelay() {
        RELAY.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    PublishProviderListingUseCase publish;

    @Autowired
    DiscoverProvidersUseCase discover;

    @Test
    void theListingIsPublishedAtStartUp_verifiedByNostrTools_andSentAgainOnlyWhenChanged() throws Exception {
        List<JsonNode> events = awaitEvents();

        JsonNode listing = events.getFirst();
        assertThat(events).hasSize(1);
        assertThat(RELAY.rejected())
                .as("nostr-tools found every id and signature right")
                .isEmpty();
        assertThat(listing.get("kind").asInt()).isEqualTo(38421);
        assertThat(listing.get("pubkey").asText()).isEqualTo(PUBKEY);
        List<List<String>> tags = new ArrayList<>();
        listing.get("tags").forEach(tag -> {
            List<String> values = new ArrayList<>();
            tag.forEach(v -> values.add(v.asText()));
            tags.add(values);
        });
        assertThat(tags)
                .containsExactly(
                        List.of("d", PUBKEY.substring(0, 12)),
                        List.of("u", "https://node.example"),
                        List.of("mint", "https://mint.example"),
                        List.of("version", tags.getLast().get(1)));
        JsonNode content = new ObjectMapper().readTree(listing.get("content").asText());
        assertThat(content.get("name").asText()).isEqualTo("Listed \"node\"");
        assertThat(content.get("about").asText()).isEqualTo("Answers\nquickly");

        ListingOutcome again = publish.publish();

        assertThat(again)
                .isEqualTo(new ListingOutcome.Unchanged(listing.get("id").asText()));
        assertThat(RELAY.events()).hasSize(1);

        JsonNode info = GatewayHttp.json(new GatewayHttp(port).send("GET", "/v1/info", null, null));
        assertThat(info.get("npub").asText()).isEqualTo(NPUB);
    }

    @Test
    void discoveredProvidersAreListedWithTheirHealth_andTheBarePathRedirects() throws Exception {
        awaitEvents();

        assertThat(discover.refresh()).isEqualTo(1);
        GatewayHttp http = new GatewayHttp(port);
        JsonNode listed = GatewayHttp.json(http.send("GET", "/v1/providers/?include_json=true", null, null));
        JsonNode filtered = GatewayHttp.json(http.send("GET", "/v1/providers/?pubkey=" + "0".repeat(64), null, null));

        JsonNode provider = listed.at("/providers/0/provider");
        assertThat(provider.get("pubkey").asText()).isEqualTo(PUBKEY);
        assertThat(provider.get("endpoint_url").asText()).isEqualTo("https://node.example");
        assertThat(provider.get("name").asText()).isEqualTo("Listed \"node\"");
        assertThat(provider.get("mint_urls").get(0).asText()).isEqualTo("https://mint.example");
        assertThat(listed.at("/providers/0/health/status_code").asInt())
                .as("node.example does not answer")
                .isNotEqualTo(200);
        assertThat(filtered.get("providers")).isEmpty();
        assertThat(http.send("GET", "/v1/providers", null, null).statusCode()).isEqualTo(307);
    }

    private static List<JsonNode> awaitEvents() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<JsonNode> events = RELAY.events();
        while (events.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            events = RELAY.events();
        }
        assertThat(events).as("the listing reached the relay").isNotEmpty();
        return events;
    }
}
