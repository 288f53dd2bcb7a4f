package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.admin.OwnerWithdrawalPort;
import io.routstr.gateway.domain.admin.OwnerWithdrawal;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link OwnerWithdrawalPort}, for the in-memory fake and PostgreSQL: unfinished claims ({@code
 * CLAIMED}, {@code UNKNOWN}) count against the owner funds of their mint and unit, and a paid withdrawal books its
 * payout and the mint's fee once.
 */
public abstract class OwnerWithdrawalContract {

    private static final MintUrl MINT = MintUrl.of("https://mint.example");
    private static final MintUrl OTHER_MINT = MintUrl.of("https://other-mint.example");
    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    private OwnerWithdrawalPort withdrawals;

    /** The port with no withdrawals stored. */
    protected abstract OwnerWithdrawalPort emptyWithdrawals();

    /** The ledger the port books paid withdrawals in. */
    protected abstract LedgerPort ledger();

    @BeforeEach
    void empty() {
        withdrawals = emptyWithdrawals();
    }

    private static OwnerWithdrawal withdrawal(MintUrl mint, CurrencyUnit unit, long amount, Instant at) {
        return new OwnerWithdrawal(
                UUID.randomUUID(),
                mint,
                unit,
                amount,
                OwnerWithdrawal.Destination.TOKEN,
                OwnerWithdrawal.State.CLAIMED,
                Optional.empty(),
                at);
    }

    private OwnerWithdrawal claimed(long amount, long ownerFunds) {
        OwnerWithdrawal w = withdrawal(MINT, CurrencyUnit.SAT, amount, now);
        assertThat(withdrawals.claim(w, ownerFunds)).isEmpty();
        return w;
    }

    private OwnerWithdrawal.State stateOf(OwnerWithdrawal w) {
        return withdrawals.latest(100).stream()
                .filter(x -> x.id().equals(w.id()))
                .findFirst()
                .orElseThrow()
                .state();
    }

    private long booked(LedgerEntryType type) {
        return ledger().balanceReport().total(type);
    }

    @Test
    void aClaimWithinTheOwnerFundsIsStoredClaimed() {
        OwnerWithdrawal w = claimed(6_000, 6_000);

        assertThat(stateOf(w)).isEqualTo(OwnerWithdrawal.State.CLAIMED);
    }

    @Test
    void aClaimAboveTheFundsLeftByUnfinishedClaims_isRefusedWithWhatTheyHold() {
        claimed(4_000, 6_000);

        OwnerWithdrawal second = withdrawal(MINT, CurrencyUnit.SAT, 2_001, now);

        assertThat(withdrawals.claim(second, 6_000)).contains(4_000L);
        assertThat(withdrawals.latest(10)).extracting(OwnerWithdrawal::id).doesNotContain(second.id());
        assertThat(withdrawals.claim(withdrawal(MINT, CurrencyUnit.SAT, 2_000, now), 6_000))
                .isEmpty();
    }

    @Test
    void anUnknownClaimKeepsCounting_aFailedOneNoLonger() {
        OwnerWithdrawal unknown = claimed(4_000, 6_000);
        withdrawals.markUnpaid(unknown.id(), OwnerWithdrawal.State.UNKNOWN, "timeout", now);

        assertThat(withdrawals.claim(withdrawal(MINT, CurrencyUnit.SAT, 2_001, now), 6_000))
                .contains(4_000L);

        withdrawals.markUnpaid(unknown.id(), OwnerWithdrawal.State.FAILED, "not paid", now);
        assertThat(withdrawals.claim(withdrawal(MINT, CurrencyUnit.SAT, 6_000, now), 6_000))
                .isEmpty();
    }

    @Test
    void aPaidClaimNoLongerCounts() {
        OwnerWithdrawal paid = claimed(4_000, 6_000);
        withdrawals.markPaid(paid.id(), Msats.ofSats(4_000), Msats.ZERO, now);

        assertThat(withdrawals.claim(withdrawal(MINT, CurrencyUnit.SAT, 6_000, now), 6_000))
                .isEmpty();
    }

    @Test
    void claimsAtAnotherMintOrInAnotherUnit_doNotCount() {
        claimed(6_000, 6_000);

        assertThat(withdrawals.claim(withdrawal(OTHER_MINT, CurrencyUnit.SAT, 6_000, now), 6_000))
                .isEmpty();
        assertThat(withdrawals.claim(withdrawal(MINT, CurrencyUnit.of("usd"), 6_000, now), 6_000))
                .isEmpty();
    }

    @Test
    void markingPaidBooksThePayoutAndTheFeeOnce() {
        long payoutsBefore = booked(LedgerEntryType.PAYOUT);
        long feesBefore = booked(LedgerEntryType.MINT_FEE);
        OwnerWithdrawal w = claimed(5_000, 6_000);

        withdrawals.markPaid(w.id(), Msats.ofSats(5_000), Msats.ofSats(3), now);
        withdrawals.markPaid(w.id(), Msats.ofSats(5_000), Msats.ofSats(3), now);

        assertThat(stateOf(w)).isEqualTo(OwnerWithdrawal.State.PAID);
        assertThat(booked(LedgerEntryType.PAYOUT) - payoutsBefore).isEqualTo(5_000_000);
        assertThat(booked(LedgerEntryType.MINT_FEE) - feesBefore).isEqualTo(3_000);
    }

    @Test
    void anUnknownWithdrawalFoundPaidIsBookedThen() {
        long payoutsBefore = booked(LedgerEntryType.PAYOUT);
        OwnerWithdrawal w = claimed(5_000, 6_000);
        withdrawals.markUnpaid(w.id(), OwnerWithdrawal.State.UNKNOWN, "timeout", now);

        withdrawals.markPaid(w.id(), Msats.ofSats(5_000), Msats.ZERO, now);

        assertThat(stateOf(w)).isEqualTo(OwnerWithdrawal.State.PAID);
        assertThat(booked(LedgerEntryType.PAYOUT) - payoutsBefore).isEqualTo(5_000_000);
    }

    @Test
    void aFinishedWithdrawalIsNotReopened_norBookedAgain() {
        long payoutsBefore = booked(LedgerEntryType.PAYOUT);
        OwnerWithdrawal failed = claimed(1_000, 6_000);
        withdrawals.markUnpaid(failed.id(), OwnerWithdrawal.State.FAILED, "refused", now);
        OwnerWithdrawal paid = claimed(2_000, 6_000);
        withdrawals.markPaid(paid.id(), Msats.ofSats(2_000), Msats.ZERO, now);

        withdrawals.markPaid(failed.id(), Msats.ofSats(1_000), Msats.ZERO, now);
        withdrawals.markUnpaid(paid.id(), OwnerWithdrawal.State.UNKNOWN, "late", now);

        assertThat(stateOf(failed)).isEqualTo(OwnerWithdrawal.State.FAILED);
        assertThat(stateOf(paid)).isEqualTo(OwnerWithdrawal.State.PAID);
        assertThat(booked(LedgerEntryType.PAYOUT) - payoutsBefore).isEqualTo(2_000_000);
    }

    @Test
    void unpaidIsFailedOrUnknown_nothingElse() {
        OwnerWithdrawal w = claimed(1_000, 6_000);

        assertThatThrownBy(() -> withdrawals.markUnpaid(w.id(), OwnerWithdrawal.State.PAID, "no", now))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(stateOf(w)).isEqualTo(OwnerWithdrawal.State.CLAIMED);
    }

    @Test
    void theLatestWithdrawalsComeNewestFirst_uptoTheLimit() {
        OwnerWithdrawal oldest = withdrawal(MINT, CurrencyUnit.SAT, 1_000, now);
        OwnerWithdrawal middle = withdrawal(MINT, CurrencyUnit.SAT, 1_000, now.plusSeconds(60));
        OwnerWithdrawal newest = withdrawal(MINT, CurrencyUnit.SAT, 1_000, now.plusSeconds(120));
        withdrawals.claim(oldest, 6_000);
        withdrawals.claim(newest, 6_000);
        withdrawals.claim(middle, 6_000);

        assertThat(withdrawals.latest(2)).extracting(OwnerWithdrawal::id).containsExactly(newest.id(), middle.id());
        assertThat(withdrawals.latest(10))
                .extracting(OwnerWithdrawal::id)
                .containsExactly(newest.id(), middle.id(), oldest.id());
    }
}
