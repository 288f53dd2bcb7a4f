package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.TokenCodecContract;
import io.routstr.gateway.application.port.out.TokenCodecPort;

class FakeTokenCodecTest extends TokenCodecContract {

    private final FakeTokenCodec codec = new FakeTokenCodec();

    @Override
    protected TokenCodecPort codec() {
        return codec;
    }
}
