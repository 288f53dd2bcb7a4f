package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.BalancePort.OpenFundedResult;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Objects;

/**
 * In-memory opening of a token's key over the fakes of the ports whose records it writes together; one lock stands for
 * the database's single commit.
 */
public final class InMemoryTokenKeyOpenings implements TokenKeyOpeningPort {

    private final BalancePort balances;
    private final TokenRedemptionLogPort redemptions;
    private final EcashPaymentLogPort payments;

    public InMemoryTokenKeyOpenings(
            BalancePort balances, TokenRedemptionLogPort redemptions, EcashPaymentLogPort payments) {
        this.balances = Objects.requireNonNull(balances, "balances");
        this.redemptions = Objects.requireNonNull(redemptions, "redemptions");
        this.payments = Objects.requireNonNull(payments, "payments");
    }

    @Override
    public synchronized OpenFundedResult openFundedByToken(
            ApiKey key, Msats amount, String reference, TokenFingerprint token, TokenUse use, Instant now) {
        OpenFundedResult result = balances.openFunded(key, amount, reference, now);
        if (result instanceof OpenFundedResult.Opened opened) {
            redemptions.completed(token, opened.key().id(), now);
            if (use == TokenUse.PAYS_ONE_REQUEST) {
                payments.started(token, opened.key().id(), now);
            }
        }
        return result;
    }
}
