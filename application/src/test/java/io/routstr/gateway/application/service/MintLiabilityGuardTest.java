package io.routstr.gateway.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.MintBackingPort;
import io.routstr.gateway.application.port.out.MintBackingPort.Backing;
import io.routstr.gateway.application.service.Payouts.PayoutResult;
import io.routstr.gateway.application.service.wallet.EcashWallet.ProofBalance;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.ledger.LedgerBalanceReport;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A payout from a mint never spends the ecash that backs other keys owed at that mint. */
class MintLiabilityGuardTest {

    private static final MintUrl X = MintUrl.of("http://mint-x.test");
    private static final MintUrl Y = MintUrl.of("http://mint-y.test");
    private static final RefundTarget AT_X = RefundTarget.to(X, CurrencyUnit.SAT);

    private final List<ProofBalance> holdings = new ArrayList<>();
    private final List<LedgerPort.Liability> liabilities = new ArrayList<>();
    private final FakePayouts payouts = new FakePayouts();

    private final LedgerPort ledger = new LedgerPort() {
        @Override
        public LedgerBalanceReport balanceReport() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<LedgerEntry> entriesFor(ApiKeyId keyId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Liability> liabilities() {
            return List.copyOf(liabilities);
        }
    };

    /** The wallet's holdings and the ledger's liabilities above, read as the database reads them: together. */
    private final MintBackingPort backing = (mint, unit) -> new Backing(
            holdings.stream()
                    .filter(h -> h.mint().equals(mint) && h.unit().equals(unit))
                    .mapToLong(ProofBalance::unspent)
                    .sum(),
            holdings.stream()
                    .filter(h -> h.mint().equals(mint) && h.unit().equals(unit))
                    .mapToLong(ProofBalance::pending)
                    .sum(),
            ledger.owedAt(mint, unit));

    private final MintLiabilityGuard guard = new MintLiabilityGuard(payouts, backing);

    @Test
    void givenProofsBeyondOtherKeysBalances_thePayoutGoesAhead() {
        holdings.add(new ProofBalance(X, CurrencyUnit.SAT, 100, 0));
        liabilities.add(new LedgerPort.Liability(X, CurrencyUnit.SAT, Msats.ofSats(60)));

        assertThat(guard.pay(AT_X, Msats.ofSats(40), "refund:1")).isInstanceOf(PayoutResult.Paid.class);
        assertThat(payouts.paid()).containsExactly(Msats.ofSats(40));
    }

    @Test
    void givenAPayoutThatWouldEatOtherKeysEcash_itIsRefusedWithoutPaying() {
        holdings.add(new ProofBalance(X, CurrencyUnit.SAT, 100, 0));
        holdings.add(new ProofBalance(Y, CurrencyUnit.SAT, 1_000, 0));
        liabilities.add(new LedgerPort.Liability(X, CurrencyUnit.SAT, Msats.of(60_001)));

        PayoutResult result = guard.pay(AT_X, Msats.ofSats(40), "refund:1");

        assertThat(result).isInstanceOf(PayoutResult.Failed.class);
        assertThat(payouts.paid())
                .as("another mint's proofs do not back mint X")
                .isEmpty();
    }

    @Test
    void pendingProofsDoNotCountAsHeld_butMakeTheRefusalTemporary() {
        holdings.add(new ProofBalance(X, CurrencyUnit.SAT, 30, 70));

        assertThat(guard.pay(AT_X, Msats.ofSats(40), "refund:1"))
                .as("another payout in flight holds the proofs; its change comes back")
                .isInstanceOf(PayoutResult.TemporarilyUnavailable.class);
        assertThat(payouts.paid()).isEmpty();
    }

    @Test
    void givenTooLittleEvenCountingPendingProofs_theRefusalIsDefinite() {
        holdings.add(new ProofBalance(X, CurrencyUnit.SAT, 10, 20));

        assertThat(guard.pay(AT_X, Msats.ofSats(40), "refund:1")).isInstanceOf(PayoutResult.Failed.class);
    }
}
