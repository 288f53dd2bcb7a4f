package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.sweep.SweepUncollectedTokensUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.UncollectedTokenPort;
import io.routstr.gateway.application.port.out.UncollectedTokenPort.SweepState;
import io.routstr.gateway.application.port.out.UncollectedTokenPort.UncollectedToken;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import java.time.Instant;

/**
 * Sweeps uncollected change and refund tokens back into the wallet (Routstr §6.5): each is claimed under a lease, then
 * redeemed like any client token. Redeemed (now or by an earlier run whose answer was lost) means swept; already spent
 * means its holder collected it. An unknown outcome or a mint that cannot answer keeps the claim, so the token is tried
 * again once the lease expires, after wallet recovery has settled the interrupted redemption.
 *
 * <p>The customer's balance was debited when the token was handed out, so ecash swept back is the owner's.
 */
public record SweepUncollectedTokensService(
        UncollectedTokenPort tokens, EcashWallet wallet, ClockPort clock, SweepPolicy policy)
        implements SweepUncollectedTokensUseCase {

    @Override
    public SweepReport sweep() {
        Instant now = clock.now();
        int swept = 0;
        int collected = 0;
        int failed = 0;
        int deferred = 0;
        for (UncollectedToken token :
                tokens.claim(now.minus(policy.age()), now.minus(policy.claimTimeout()), now, policy.batchSize())) {
            SweepState state = switch (wallet.receive(token.token())) {
                case EcashWallet.Credited credited -> SweepState.SWEPT;
                case EcashWallet.AlreadyRedeemed already -> SweepState.SWEPT;
                case EcashWallet.RedemptionInProgress inProgress -> null;
                case EcashWallet.Failure failure
                when failure.kind() == FailureKind.ALREADY_SPENT -> SweepState.COLLECTED;
                case EcashWallet.Failure failure
                when failure.kind().retryable() || failure.kind() == FailureKind.OUTCOME_UNKNOWN -> null;
                case EcashWallet.Failure failure -> SweepState.FAILED;
            };
            if (state == null) {
                deferred++;
                continue; // the claim stays; the token is tried again when it expires
            }
            tokens.finish(token, state, clock.now());
            switch (state) {
                case SWEPT -> swept++;
                case COLLECTED -> collected++;
                case FAILED -> failed++;
            }
        }
        return new SweepReport(swept, collected, failed, deferred);
    }
}
