package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.NostrKeyCodecContract;
import io.routstr.gateway.application.port.out.NostrKeyCodecPort;
import java.util.Map;

class FakeNostrKeyCodecTest extends NostrKeyCodecContract {

    @Override
    protected NostrKeyCodecPort codec() {
        return new FakeNostrKeyCodec(Map.of(NSEC, HEX));
    }
}
