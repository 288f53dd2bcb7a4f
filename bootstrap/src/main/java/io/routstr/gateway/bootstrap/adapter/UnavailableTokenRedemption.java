package io.routstr.gateway.bootstrap.adapter;

import io.routstr.gateway.application.port.out.TokenRedemptionPort;
import io.routstr.gateway.domain.ecash.RedemptionFailure;

/**
 * Stands in for the Cashu wallet until one is configured: every token is refused as if its mint were unreachable, so
 * it stays spendable in the client's hands and can be presented again later.
 */
public final class UnavailableTokenRedemption implements TokenRedemptionPort {

    @Override
    public RedemptionResult redeem(String token) {
        return new RedemptionResult.Failed(
                RedemptionFailure.MINT_UNREACHABLE, "No Cashu wallet is configured on this node");
    }
}
