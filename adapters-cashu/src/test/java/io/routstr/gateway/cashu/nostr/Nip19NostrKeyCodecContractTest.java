package io.routstr.gateway.cashu.nostr;

import io.routstr.gateway.application.contract.NostrKeyCodecContract;
import io.routstr.gateway.application.port.out.NostrKeyCodecPort;

class Nip19NostrKeyCodecContractTest extends NostrKeyCodecContract {

    @Override
    protected NostrKeyCodecPort codec() {
        return new Nip19NostrKeyCodec();
    }
}
