package io.routstr.gateway.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.fake.InMemoryJobLeases;
import io.routstr.gateway.application.fake.InMemoryOwnerPayouts;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.payout.PayOwnerFundsUseCase.PayoutOutcome;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.application.service.wallet.EcashWallet.ProofBalance;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.ledger.LedgerBalanceReport;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.payout.OwnerPayout;
import io.routstr.gateway.domain.payout.OwnerPayoutStatus;
import io.routstr.gateway.domain.reservation.InstanceId;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Owner payouts pay only what is above customer money, one at a time, and settle an unknown outcome before more. */
class PayOwnerFundsServiceTest {

    private static final MintUrl X = MintUrl.of("http://mint-x.test");
    private static final String OWNER = "owner@example.com";

    private final List<ProofBalance> holdings = new ArrayList<>();
    private final List<LedgerPort.Liability> liabilities = new ArrayList<>();
    private final FakePayouts pay = new FakePayouts();
    private final InMemoryOwnerPayouts payouts = new InMemoryOwnerPayouts();
    private final InMemoryJobLeases leases = new InMemoryJobLeases();
    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

    private final EcashWallet wallet = (EcashWallet) Proxy.newProxyInstance(
            EcashWallet.class.getClassLoader(), new Class<?>[] {EcashWallet.class}, (proxy, method, args) -> {
                if (method.getName().equals("balances")) {
                    return List.copyOf(holdings);
                }
                throw new UnsupportedOperationException(method.getName());
            });

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

    private PayOwnerFundsService service(long min, long max) {
        return new PayOwnerFundsService(
                payouts,
                leases,
                pay,
                wallet,
                ledger,
                clock,
                new OwnerPayoutPolicy(OWNER, min, max, Duration.ofMinutes(15)),
                InstanceId.random());
    }

    @Test
    void givenCustomerBalancesAndRefundsInFlight_paysOnlyWhatLiesAboveThem() {
        holdings.add(new ProofBalance(X, CurrencyUnit.SAT, 1_000, 0));
        liabilities.add(new LedgerPort.Liability(X, CurrencyUnit.SAT, Msats.of(300_000)));
        payouts.refundsInFlight(Msats.of(100_500)); // a customer's refund, debited but not yet paid

        List<PayoutOutcome> outcomes = service(210, 250_000).payOut();

        assertThat(outcomes).singleElement().isInstanceOf(PayoutOutcome.Paid.class);
        // 1000 − ceil(300 + 100.5) = 599 sats
        assertThat(pay.paid()).containsExactly(Msats.ofSats(599));
        assertThat(payouts.all()).extracting(OwnerPayout::status).containsExactly(OwnerPayoutStatus.PAID);
    }

    @Test
    void paysAtMostMaxPayoutSat_andNothingAtOrBelowTheMinimum() {
        holdings.add(new ProofBalance(X, CurrencyUnit.SAT, 1_000, 0));

        service(210, 400).payOut();

        assertThat(pay.paid()).containsExactly(Msats.ofSats(400));

        holdings.set(0, new ProofBalance(X, CurrencyUnit.SAT, 210, 0));
        assertThat(service(210, 400).payOut()).isEmpty();
        assertThat(pay.paid()).hasSize(1);
    }

    @Test
    void pendingProofsAreNotOwnerFunds() {
        holdings.add(new ProofBalance(X, CurrencyUnit.SAT, 100, 900));

        assertThat(service(50, 250_000).payOut()).singleElement().isInstanceOf(PayoutOutcome.Paid.class);
        assertThat(pay.paid()).containsExactly(Msats.ofSats(100));
    }

    @Test
    void anUnknownOutcome_isLookedUpEachRun_andNothingElseIsPaidUntilTheMintSaysNotPaid() {
        holdings.add(new ProofBalance(X, CurrencyUnit.SAT, 1_000, 0));
        PayOwnerFundsService service = service(210, 250_000);
        pay.leaveNextUnknown("the mint did not answer");

        assertThat(service.payOut()).singleElement().isInstanceOf(PayoutOutcome.Unresolved.class);
        pay.mintSilent(true);
        assertThat(service.payOut()).singleElement().isInstanceOf(PayoutOutcome.Unresolved.class);
        assertThat(pay.paid()).isEmpty();

        pay.mintSilent(false);
        assertThat(service.payOut()).singleElement().isInstanceOf(PayoutOutcome.Failed.class);
        assertThat(service.payOut()).singleElement().isInstanceOf(PayoutOutcome.Paid.class);
        assertThat(pay.paid()).containsExactly(Msats.ofSats(1_000));
    }

    @Test
    void whileAnotherInstanceHoldsTheLease_nothingIsPaid() {
        holdings.add(new ProofBalance(X, CurrencyUnit.SAT, 1_000, 0));
        leases.acquire(PayOwnerFundsService.JOB, "another instance", clock.now().plusSeconds(60), clock.now());

        assertThat(service(210, 250_000).payOut()).containsExactly(new PayoutOutcome.Busy());
        assertThat(pay.paid()).isEmpty();
    }

    @Test
    void withoutAnAddress_payoutsAreOff() {
        holdings.add(new ProofBalance(X, CurrencyUnit.SAT, 1_000, 0));
        PayOwnerFundsService off = new PayOwnerFundsService(
                payouts,
                leases,
                pay,
                wallet,
                ledger,
                clock,
                new OwnerPayoutPolicy("", 210, 250_000, Duration.ofMinutes(15)),
                InstanceId.random());

        assertThat(off.payOut()).isEmpty();
        assertThat(pay.paid()).isEmpty();
    }
}
