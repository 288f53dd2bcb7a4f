package io.routstr.gateway.application.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.contract.ForeignMintGuardContract;
import io.routstr.gateway.application.port.out.ForeignMintGuardPort;
import io.routstr.gateway.domain.mint.MintUrl;
import org.junit.jupiter.api.Test;

class FakeForeignMintGuardTest extends ForeignMintGuardContract {

    @Override
    protected ForeignMintGuardPort publicOnly() {
        return FakeForeignMintGuard.publicOnly();
    }

    @Override
    protected ForeignMintGuardPort allowingPrivate() {
        return new FakeForeignMintGuard();
    }

    @Test
    void aMintTheTestForbids_isRefused() {
        FakeForeignMintGuard guard = new FakeForeignMintGuard();
        MintUrl mint = MintUrl.of("https://8.8.8.8");

        guard.forbid(mint);

        assertThat(guard.refusal(mint)).isPresent();
    }
}
