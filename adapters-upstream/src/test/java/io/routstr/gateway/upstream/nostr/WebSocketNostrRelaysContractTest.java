package io.routstr.gateway.upstream.nostr;

import io.routstr.gateway.application.contract.NostrRelayContract;
import io.routstr.gateway.application.port.out.NostrRelayPort;
import io.routstr.gateway.upstream.nostr.testrelay.NostrTestRelay;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** {@link NostrRelayContract} on {@link WebSocketNostrRelays} against the NIP-01 test relay, one relay per test. */
class WebSocketNostrRelaysContractTest extends NostrRelayContract {

    private NostrTestRelay relay;

    @AfterEach
    void stop() {
        relayGoesDown();
    }

    @Override
    protected NostrRelayPort relays() {
        relay = NostrTestRelay.start();
        return new WebSocketNostrRelays(List.of(relay.url()), Duration.ofSeconds(5), Clock.systemUTC());
    }

    @Override
    protected void relayGoesDown() {
        if (relay != null) {
            relay.close();
            relay = null;
        }
    }
}
