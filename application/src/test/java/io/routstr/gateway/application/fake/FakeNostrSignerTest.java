package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.NostrSignerContract;
import io.routstr.gateway.application.port.out.NostrSignerPort;

class FakeNostrSignerTest extends NostrSignerContract {

    @Override
    protected NostrSignerPort withKey() {
        return FakeNostrSigner.withKey();
    }

    @Override
    protected NostrSignerPort unconfigured() {
        return FakeNostrSigner.unconfigured();
    }
}
