package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.NostrRelayContract;
import io.routstr.gateway.application.port.out.NostrRelayPort;

class FakeNostrRelaysTest extends NostrRelayContract {

    private final FakeNostrRelays relays = new FakeNostrRelays();

    @Override
    protected NostrRelayPort relays() {
        return relays;
    }

    @Override
    protected void relayGoesDown() {
        relays.down();
    }
}
