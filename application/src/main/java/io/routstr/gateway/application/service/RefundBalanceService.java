package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.RefundBalanceCommand;
import io.routstr.gateway.application.port.in.key.RefundBalanceUseCase;
import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.PayoutPort;
import io.routstr.gateway.application.port.out.PayoutPort.PayoutResult;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Refunds a key: debit first by compare-and-set (transaction 1), pay out over the network with no transaction open,
 * and put the debit back (transaction 2) only when the payout definitely failed.
 */
public final class RefundBalanceService implements RefundBalanceUseCase {

    private final ApiKeyPort apiKeys;
    private final BalancePort balances;
    private final PayoutPort payouts;
    private final ClockPort clock;
    private final BillingPolicy policy;

    public RefundBalanceService(
            ApiKeyPort apiKeys, BalancePort balances, PayoutPort payouts, ClockPort clock, BillingPolicy policy) {
        this.apiKeys = apiKeys;
        this.balances = balances;
        this.payouts = payouts;
        this.clock = clock;
        this.policy = policy;
    }

    @Override
    public RefundOutcome refund(RefundBalanceCommand command) {
        Optional<ApiKey> found = apiKeys.findById(command.keyId());
        if (found.isEmpty()) {
            return new RefundOutcome.UnknownKey();
        }
        ApiKey key = found.get();
        if (key.isChild()) {
            return new RefundOutcome.ChildKeyCannotRefund();
        }
        Instant now = clock.now();
        if (key.reserved().isPositive()) {
            // Requests that died without settling must not block a refund forever (Routstr §3.5).
            balances.releaseStale(
                    now.minus(policy.staleReservationTimeout()), Optional.of(key.id()), policy.sweepBatchSize(), now);
            key = apiKeys.findById(key.id()).orElseThrow();
            if (key.reserved().isPositive()) {
                return new RefundOutcome.RequestsInFlight();
            }
        }
        if (key.balance().isZero()) {
            return new RefundOutcome.NothingToRefund();
        }
        Msats payable = payouts.payableAmount(key.refundTarget(), key.balance());
        if (payable.isZero()) {
            return new RefundOutcome.BalanceTooSmall(key.balance());
        }
        LedgerEntryType type =
                key.refundTarget().lightningAddress() == null ? LedgerEntryType.REFUND : LedgerEntryType.WITHDRAWAL;
        String reference = "refund:" + UUID.randomUUID();
        if (balances.debitForPayout(key.id(), key.balance(), payable, type, reference, now)
                == BalancePort.DebitResult.BALANCE_CHANGED) {
            return new RefundOutcome.BalanceChanged();
        }
        Msats kept = key.balance().minus(payable);
        return switch (payouts.pay(key.refundTarget(), payable, reference)) {
            case PayoutResult.Paid paid -> {
                if (paid.mintFee().isPositive()) {
                    // The swap that cut the refund token cost the node the mint's input fee: book it so that the
                    // wallet's holdings still reconcile with the ledger.
                    balances.bookMintFee(paid.mintFee(), "mint-fee:" + reference, clock.now());
                }
                yield new RefundOutcome.Refunded(paid.amount(), paid.token(), paid.recipient(), kept);
            }
            case PayoutResult.Failed failed -> {
                balances.reverseDebit(key.id(), payable, reference, clock.now());
                yield new RefundOutcome.PayoutFailed(failed.reason(), failed.mintUnreachable());
            }
            case PayoutResult.OutcomeUnknown unknown -> new RefundOutcome.PayoutOutcomeUnknown(unknown.reason());
        };
    }
}
