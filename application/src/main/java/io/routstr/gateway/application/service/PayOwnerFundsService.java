package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.payout.PayOwnerFundsUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.JobLeasePort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.OwnerPayoutPort;
import io.routstr.gateway.application.service.Payouts.PayoutResult;
import io.routstr.gateway.application.service.Payouts.PayoutStatus;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.application.service.wallet.EcashWallet.ProofBalance;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.payout.OwnerPayout;
import io.routstr.gateway.domain.reservation.InstanceId;
import java.util.ArrayList;
import java.util.List;

/**
 * Pays owner funds to the operator's Lightning address, one instance at a time (a database lease), one payout at a time
 * (at most one unfinished payout), each checkpointed before the melt with its quote stored before paying (reference
 * §17's refund discipline, applied to payouts).
 *
 * <p>Owner funds at a mint and unit are its unspent proofs less what customers are owed there (rounded up to the unit)
 * and less refunds in flight (debited from keys, not yet paid): Routstr pays its owner from the whole wallet (reference
 * §14), which can pay customer money away. A payout whose melt outcome is unknown is looked up on the next runs until
 * the mint says paid or not paid; until then nothing else is paid, so it is never paid twice.
 */
public record PayOwnerFundsService(
        OwnerPayoutPort payouts,
        JobLeasePort leases,
        Payouts pay,
        EcashWallet wallet,
        LedgerPort ledger,
        ClockPort clock,
        OwnerPayoutPolicy policy,
        InstanceId instance)
        implements PayOwnerFundsUseCase {

    static final String JOB = "owner-payout";

    @Override
    public List<PayoutOutcome> payOut() {
        if (!policy.enabled()) {
            return List.of();
        }
        if (!leases.acquire(JOB, instance.toString(), clock.now().plus(policy.lease()), clock.now())) {
            return List.of(new PayoutOutcome.Busy());
        }
        try {
            var unfinished = payouts.findUnfinished();
            if (unfinished.isPresent()) {
                // An earlier payout's answer was lost: settle it first and pay nothing new in this run.
                return List.of(resolve(unfinished.get()));
            }
            List<PayoutOutcome> outcomes = new ArrayList<>();
            for (ProofBalance proofs : wallet.balances()) {
                if (!proofs.unit().isBitcoin()) {
                    continue;
                }
                long owner = ownerSats(proofs);
                if (owner <= policy.minSats()) {
                    continue; // Routstr pays only what is above MIN_PAYOUT_SAT
                }
                long sats = Math.min(owner, policy.maxSats());
                PayoutOutcome outcome = payOut(proofs.mint(), proofs.unit(), Msats.ofSats(sats));
                outcomes.add(outcome);
                if (!(outcome instanceof PayoutOutcome.Paid)) {
                    break; // unknown or refused: look again next run rather than press on
                }
            }
            return List.copyOf(outcomes);
        } finally {
            leases.release(JOB, instance.toString());
        }
    }

    private PayoutOutcome payOut(MintUrl mint, CurrencyUnit unit, Msats amount) {
        OwnerPayout payout = OwnerPayout.open(mint, unit, amount, policy.lightningAddress(), clock.now());
        if (!payouts.open(payout)) {
            return new PayoutOutcome.Busy();
        }
        PayoutResult result = pay.pay(
                target(payout),
                amount,
                payout.id().ledgerReference(),
                quoteId -> payouts.recordQuote(payout.id(), quoteId, clock.now()));
        return switch (result) {
            case PayoutResult.Paid paid -> paid(payout);
            case PayoutResult.Failed failed -> failed(payout, failed.reason());
            case PayoutResult.TemporarilyUnavailable busy -> failed(payout, busy.reason());
            case PayoutResult.OutcomeUnknown unknown -> unresolved(payout);
        };
    }

    /** Looks an unfinished payout up at its mint by its stored quote; no quote stored means no melt was started. */
    private PayoutOutcome resolve(OwnerPayout payout) {
        PayoutStatus status = pay.lookUp(target(payout), payout.id().ledgerReference(), payout.quoteId());
        return switch (status) {
            case PayoutStatus.Paid paid -> paid(payout);
            case PayoutStatus.NotPaid notPaid -> failed(payout, "the mint did not pay it");
            case PayoutStatus.Undetermined undetermined -> unresolved(payout);
        };
    }

    private PayoutOutcome paid(OwnerPayout payout) {
        payouts.markPaid(payout.id(), clock.now());
        return new PayoutOutcome.Paid(current(payout));
    }

    private PayoutOutcome failed(OwnerPayout payout, String reason) {
        payouts.markFailed(payout.id(), clock.now());
        return new PayoutOutcome.Failed(current(payout), reason);
    }

    /** The melt's outcome is unknown: the payout is looked up again on the next runs, and nothing else is paid. */
    private PayoutOutcome unresolved(OwnerPayout payout) {
        payouts.markUnresolved(payout.id(), clock.now());
        return new PayoutOutcome.Unresolved(current(payout));
    }

    /**
     * What of this mint's unspent proofs belongs to the owner, in whole sats: proofs less customer balances owed there
     * and less refunds in flight, both rounded up to the unit (a fraction of a sat owed is a whole sat kept).
     */
    private long ownerSats(ProofBalance proofs) {
        Msats owed =
                ledger.owedAt(proofs.mint(), proofs.unit()).plus(payouts.refundsInFlight(proofs.mint(), proofs.unit()));
        long owedInUnit = proofs.unit().fromMsatsCeil(owed);
        long ownerInUnit = proofs.unspent() - owedInUnit;
        if (ownerInUnit <= 0) {
            return 0;
        }
        return proofs.unit().toMsats(ownerInUnit).toSatsFloor();
    }

    private OwnerPayout current(OwnerPayout payout) {
        return payouts.find(payout.id()).orElse(payout);
    }

    private static RefundTarget target(OwnerPayout payout) {
        return new RefundTarget(payout.mint(), payout.unit(), payout.lightningAddress(), null);
    }
}
