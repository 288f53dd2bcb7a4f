package io.routstr.gateway.application.service.wallet;

/** {@link CashuWalletAgainstCashuTsMint} on a mint without input fees. */
class CashuWalletFeeFreeMintTest extends CashuWalletAgainstCashuTsMint {

    @Override
    int inputFeePpk() {
        return 0;
    }
}
