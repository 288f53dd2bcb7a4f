package io.routstr.gateway.cashu.nostr;

import io.routstr.gateway.application.contract.NostrSignerContract;
import io.routstr.gateway.application.port.out.NostrSignerPort;

class NostrKeySignerContractTest extends NostrSignerContract {

    /** BIP-340's test vector 1 secret key. */
    private static final String SECRET = "b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef";

    @Override
    protected NostrSignerPort withKey() {
        return NostrKeySigner.of(SECRET);
    }

    @Override
    protected NostrSignerPort unconfigured() {
        return NostrKeySigner.of("");
    }
}
