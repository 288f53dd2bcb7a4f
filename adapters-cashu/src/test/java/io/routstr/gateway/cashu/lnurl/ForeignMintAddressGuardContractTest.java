package io.routstr.gateway.cashu.lnurl;

import io.routstr.gateway.application.contract.ForeignMintGuardContract;
import io.routstr.gateway.application.port.out.ForeignMintGuardPort;

class ForeignMintAddressGuardContractTest extends ForeignMintGuardContract {

    @Override
    protected ForeignMintGuardPort publicOnly() {
        return new ForeignMintAddressGuard(false);
    }

    @Override
    protected ForeignMintGuardPort allowingPrivate() {
        return new ForeignMintAddressGuard(true);
    }
}
