package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.UncollectedTokenContract;
import io.routstr.gateway.application.port.out.UncollectedTokenPort;
import io.routstr.gateway.application.port.out.UncollectedTokenPort.Source;
import io.routstr.gateway.application.port.out.UncollectedTokenPort.UncollectedToken;
import java.time.Instant;

class InMemoryUncollectedTokensTest extends UncollectedTokenContract {

    private InMemoryUncollectedTokens tokens;

    @Override
    protected UncollectedTokenPort emptyTokens() {
        tokens = new InMemoryUncollectedTokens();
        return tokens;
    }

    @Override
    protected void handOutChange(String id, String token, Instant issuedAt) {
        tokens.handOut(new UncollectedToken(Source.CHANGE, id, token), issuedAt);
    }
}
