package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.MintPortContract;
import io.routstr.gateway.application.port.out.MintPort;
import io.routstr.gateway.application.port.out.WalletCryptoPort;
import io.routstr.gateway.domain.mint.MintUrl;

class InMemoryMintTest extends MintPortContract {

    private final InMemoryMint mint = new InMemoryMint();
    private final FakeWalletCrypto crypto = new FakeWalletCrypto();

    @Override
    protected MintPort mints() {
        return mint;
    }

    @Override
    protected MintUrl mintUrl() {
        return MintUrl.of("https://mint.example.com");
    }

    @Override
    protected WalletCryptoPort crypto() {
        return crypto;
    }
}
