package io.routstr.gateway.application.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.InMemoryOwnerWithdrawals;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.admin.WithdrawOwnerFundsUseCase.WithdrawCommand;
import io.routstr.gateway.application.port.in.admin.WithdrawOwnerFundsUseCase.WithdrawalOutcome;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase.MintBalance;
import io.routstr.gateway.domain.admin.OwnerWithdrawal;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WithdrawOwnerFundsServiceTest {

    private static final MintUrl MINT = MintUrl.of("https://mint.example");

    private final FakePayouts payouts = new FakePayouts();
    private final InMemoryAccounts ledger = new InMemoryAccounts();
    private final InMemoryOwnerWithdrawals withdrawals = new InMemoryOwnerWithdrawals(ledger);
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
        assertThat(ledger.balanceReport().total(LedgerEntryType.PAYOUT))
                .isEqualTo(Msats.ofSats(5_999).value());
    }

    @Test
    void aWithdrawalOneSatAboveTheOwnerFunds_isRefusedBeforeAnythingMoves() {
        WithdrawalOutcome outcome = withdraw(6_000);

        assertThat(outcome).isEqualTo(new WithdrawalOutcome.InsufficientOwnerFunds(5_999));
        assertThat(payouts.paid()).isEmpty();
        assertThat(withdrawals.states()).isEmpty();
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
}
