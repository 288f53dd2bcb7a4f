package io.routstr.gateway.application.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.admin.WithdrawOwnerFundsUseCase.WithdrawCommand;
import io.routstr.gateway.application.port.in.admin.WithdrawOwnerFundsUseCase.WithdrawalOutcome;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase.MintBalance;
import io.routstr.gateway.application.port.out.admin.OwnerWithdrawalPort;
import io.routstr.gateway.domain.admin.OwnerWithdrawal;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WithdrawOwnerFundsServiceTest {

    private static final MintUrl MINT = MintUrl.of("https://mint.example");

    private final FakePayouts payouts = new FakePayouts();
    private final Withdrawals withdrawals = new Withdrawals();
    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private long held = 10_000;
    private Msats owed = Msats.of(4_000_500); // 4 000.5 sats owed: 4 001 kept

    private final WithdrawOwnerFundsService service = new WithdrawOwnerFundsService(
            () -> List.of(new MintBalance(MINT, CurrencyUnit.SAT, held, 0, owed, held - owed.toSatsCeil())),
            withdrawals,
            payouts,
            clock);

    private WithdrawalOutcome withdraw(long sats) {
        return service.withdraw(new WithdrawCommand(MINT, CurrencyUnit.SAT, sats, Optional.empty()));
    }

    @Test
    void givenOwnerFunds_withdrawingThemAll_paysATokenAndBooksThePayout() {
        WithdrawalOutcome outcome = withdraw(5_999);

        assertThat(outcome).isInstanceOfSatisfying(WithdrawalOutcome.Paid.class, paid -> {
            assertThat(paid.token()).isPresent();
            assertThat(paid.amount()).isEqualTo(5_999);
        });
        assertThat(payouts.paid()).containsExactly(Msats.ofSats(5_999));
        assertThat(withdrawals.states()).containsExactly(OwnerWithdrawal.State.PAID);
        assertThat(withdrawals.booked).containsExactly(Msats.ofSats(5_999));
    }

    @Test
    void aWithdrawalOneSatAboveTheOwnerFunds_isRefusedBeforeAnythingMoves() {
        WithdrawalOutcome outcome = withdraw(6_000);

        assertThat(outcome).isEqualTo(new WithdrawalOutcome.InsufficientOwnerFunds(5_999));
        assertThat(payouts.paid()).isEmpty();
        assertThat(withdrawals.rows).isEmpty();
    }

    @Test
    void aWalletHoldingLessThanItOwes_hasNoOwnerFundsToWithdraw() {
        held = 3_000;

        assertThat(withdraw(1)).isEqualTo(new WithdrawalOutcome.InsufficientOwnerFunds(0));
        assertThat(payouts.paid()).isEmpty();
    }

    @Test
    void anUnconfirmedWithdrawal_keepsItsAmountClaimedSoItIsNotWithdrawnTwice() {
        payouts.leaveNextUnknown("timeout");

        WithdrawalOutcome first = withdraw(5_000);
        WithdrawalOutcome second = withdraw(5_000);
        WithdrawalOutcome rest = withdraw(999);

        assertThat(first).isInstanceOf(WithdrawalOutcome.Unknown.class);
        assertThat(second).isEqualTo(new WithdrawalOutcome.InsufficientOwnerFunds(999));
        assertThat(rest).isInstanceOf(WithdrawalOutcome.Paid.class);
    }

    @Test
    void aFailedWithdrawal_releasesItsClaim() {
        payouts.failNext("mint said no");

        WithdrawalOutcome failed = withdraw(5_000);
        WithdrawalOutcome retried = withdraw(5_000);

        assertThat(failed).isInstanceOf(WithdrawalOutcome.Failed.class);
        assertThat(retried).isInstanceOf(WithdrawalOutcome.Paid.class);
        assertThat(withdrawals.states()).containsExactly(OwnerWithdrawal.State.FAILED, OwnerWithdrawal.State.PAID);
    }

    @Test
    void aWalletFaultWhilePaying_leavesTheClaimUnknownNotReleased() {
        payouts.crashBeforePayingNext();

        WithdrawalOutcome outcome = withdraw(5_000);

        assertThat(outcome).isInstanceOf(WithdrawalOutcome.Unknown.class);
        assertThat(withdrawals.states()).containsExactly(OwnerWithdrawal.State.UNKNOWN);
        assertThat(withdraw(5_000)).isInstanceOf(WithdrawalOutcome.InsufficientOwnerFunds.class);
    }

    /** The claims as the database keeps them: unfinished ones count against the funds. */
    private static final class Withdrawals implements OwnerWithdrawalPort {
        final Map<UUID, OwnerWithdrawal> rows = new LinkedHashMap<>();
        final List<Msats> booked = new ArrayList<>();

        List<OwnerWithdrawal.State> states() {
            return rows.values().stream().map(OwnerWithdrawal::state).toList();
        }

        @Override
        public Optional<Long> claim(OwnerWithdrawal withdrawal, long ownerFunds) {
            long open = rows.values().stream()
                    .filter(w -> w.mint().equals(withdrawal.mint()))
                    .filter(w ->
                            w.state() == OwnerWithdrawal.State.CLAIMED || w.state() == OwnerWithdrawal.State.UNKNOWN)
                    .mapToLong(OwnerWithdrawal::amount)
                    .sum();
            if (open + withdrawal.amount() > ownerFunds) {
                return Optional.of(open);
            }
            rows.put(withdrawal.id(), withdrawal);
            return Optional.empty();
        }

        @Override
        public void markPaid(UUID id, Msats paid, Msats mintFee, Instant now) {
            rows.computeIfPresent(id, (k, w) -> with(w, OwnerWithdrawal.State.PAID));
            booked.add(paid);
        }

        @Override
        public void markUnpaid(UUID id, OwnerWithdrawal.State state, String detail, Instant now) {
            rows.computeIfPresent(id, (k, w) -> with(w, state));
        }

        @Override
        public List<OwnerWithdrawal> latest(int limit) {
            return List.copyOf(rows.values());
        }

        private static OwnerWithdrawal with(OwnerWithdrawal w, OwnerWithdrawal.State state) {
            return new OwnerWithdrawal(
                    w.id(), w.mint(), w.unit(), w.amount(), w.destination(), state, w.detail(), w.createdAt());
        }
    }
}
