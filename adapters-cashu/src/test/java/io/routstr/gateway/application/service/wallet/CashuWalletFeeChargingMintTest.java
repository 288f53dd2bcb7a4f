package io.routstr.gateway.application.service.wallet;

/** {@link CashuWalletAgainstCashuTsMint} on a mint charging 100 ppk per input (NUT-02), like Nutshell's default. */
class CashuWalletFeeChargingMintTest extends CashuWalletAgainstCashuTsMint {

    @Override
    int inputFeePpk() {
        return 100;
    }
}
