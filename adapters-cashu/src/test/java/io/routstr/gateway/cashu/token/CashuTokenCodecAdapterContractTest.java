package io.routstr.gateway.cashu.token;

import io.routstr.gateway.application.contract.TokenCodecContract;
import io.routstr.gateway.application.port.out.TokenCodecPort;

class CashuTokenCodecAdapterContractTest extends TokenCodecContract {

    private final CashuTokenCodecAdapter codec = new CashuTokenCodecAdapter(new TokenCodec());

    @Override
    protected TokenCodecPort codec() {
        return codec;
    }
}
