package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.routstr.gateway.application.port.in.ledger.CheckLedgerInvariantUseCase;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase.MintBalance;
import io.routstr.gateway.domain.ledger.LedgerBalanceReport;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from the database by a periodic query rather than on every scrape: per mint and unit, what the wallet
 * holds against what customers are owed there ({@code routstr_wallet_owner_funds} is negative when the wallet holds
 * less than it owes), and the ledger invariant ({@code routstr_ledger_invariant_holds}, its discrepancy, the sum of
 * balances and of reserved msats). A failed sample keeps the previous values and is logged.
 */
public final class WalletAndLedgerGauges {

    private static final Logger log = LoggerFactory.getLogger(WalletAndLedgerGauges.class);

    private final ViewWalletBalancesUseCase wallet;
    private final CheckLedgerInvariantUseCase ledger;
    private final MultiGauge held;
    private final MultiGauge pending;
    private final MultiGauge liabilities;
    private final MultiGauge ownerFunds;
    private final AtomicLong holds = new AtomicLong(1);
    private final AtomicLong discrepancy = new AtomicLong();
    private final AtomicLong balances = new AtomicLong();
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong lastSample = new AtomicLong();

    public WalletAndLedgerGauges(
            ViewWalletBalancesUseCase wallet, CheckLedgerInvariantUseCase ledger, MeterRegistry registry) {
        this.wallet = wallet;
        this.ledger = ledger;
        this.held = MultiGauge.builder("routstr.wallet.held")
                .description("Unspent ecash the wallet holds, in the mint's unit")
                .register(registry);
        this.pending = MultiGauge.builder("routstr.wallet.pending")
                .description("Ecash the wallet has in flight (being swapped or melted), in the mint's unit")
                .register(registry);
        this.liabilities = MultiGauge.builder("routstr.wallet.liabilities.msats")
                .description("Customer balances owed at this mint")
                .baseUnit("msats")
                .register(registry);
        this.ownerFunds = MultiGauge.builder("routstr.wallet.owner.funds")
                .description("What the wallet holds beyond customer balances, in the mint's unit; negative when short")
                .register(registry);
        gauge(
                registry,
                "routstr.ledger.invariant.holds",
                holds,
                "1 when every msat in a balance is explained by the ledger, 0 when not");
        gauge(
                registry,
                "routstr.ledger.discrepancy.msats",
                discrepancy,
                "Balances minus what the ledger explains: positive is money created, negative lost");
        gauge(registry, "routstr.balances.msats", balances, "Sum of all API key balances");
        gauge(
                registry,
                "routstr.reservations.active.msats",
                reserved,
                "Msats held by active reservations on all instances");
        gauge(
                registry,
                "routstr.metrics.sampled.timestamp.seconds",
                lastSample,
                "When the wallet and ledger gauges were last read from the database");
    }

    /** A gauge that reads a value the last sample left, so that a scrape never queries the database. */
    private static void gauge(MeterRegistry registry, String name, AtomicLong sampled, String description) {
        Gauge.builder(name, sampled, AtomicLong::get).description(description).register(registry);
    }

    /** Reads the database once and updates every gauge; safe to call at any time. */
    public void sample() {
        try {
            List<MintBalance> mints = wallet.balances();
            held.register(rows(mints, MintBalance::held), true);
            pending.register(rows(mints, MintBalance::pending), true);
            liabilities.register(rows(mints, b -> b.liabilities().value()), true);
            ownerFunds.register(rows(mints, MintBalance::ownerFunds), true);
            LedgerBalanceReport report = ledger.check();
            holds.set(report.holds() ? 1 : 0);
            discrepancy.set(report.discrepancy());
            balances.set(report.sumOfBalances());
            reserved.set(report.sumOfReserved());
            lastSample.set(System.currentTimeMillis() / 1000);
        } catch (RuntimeException e) {
            log.warn("Sampling wallet and ledger gauges failed: {}", e.toString());
        }
    }

    private static List<MultiGauge.Row<?>> rows(
            List<MintBalance> mints, java.util.function.ToLongFunction<MintBalance> value) {
        return mints.stream()
                .<MultiGauge.Row<?>>map(b -> MultiGauge.Row.of(
                        Tags.of("mint", b.mint().value(), "unit", b.unit().code()), value.applyAsLong(b)))
                .toList();
    }
}
