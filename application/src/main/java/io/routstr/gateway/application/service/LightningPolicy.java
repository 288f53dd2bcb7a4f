package io.routstr.gateway.application.service;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.lightning.LightningInvoice;
import io.routstr.gateway.domain.lightning.LightningInvoice.InvoiceState;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Duration;
import java.time.Instant;

/**
 * Lightning invoice settings: the mint and unit quotes come from, how long an invoice lives on the node's own clock,
 * how long after that a late payment is still credited, and how many invoices one watcher pass checks.
 */
public record LightningPolicy(
        MintUrl mint,
        CurrencyUnit unit,
        Duration invoiceExpiry,
        Duration gracePeriod,
        int batchSize,
        Duration recheck) {

    public LightningPolicy {
        Components.requireNonNull(LightningPolicy.class, mint, unit, invoiceExpiry, gracePeriod, recheck);
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size is positive");
        }
    }

    /**
     * When the watcher checks {@code invoice} again after checking it at {@code now}: {@code recheck} while it is
     * younger than a minute, then 30 s, 2 min past five minutes, 10 min past half an hour (Routstr's age-based
     * backoff, §6.6); a settling invoice at least every minute. Old and stuck invoices are so checked less often, and
     * the claim takes the longest overdue first, so they never crowd out fresh ones.
     */
    public Instant nextCheck(LightningInvoice invoice, Instant now) {
        Duration age = Duration.between(invoice.createdAt(), now);
        Duration delay;
        if (age.compareTo(Duration.ofMinutes(1)) < 0) {
            delay = recheck;
        } else if (age.compareTo(Duration.ofMinutes(5)) < 0) {
            delay = Duration.ofSeconds(30);
        } else if (age.compareTo(Duration.ofMinutes(30)) < 0) {
            delay = Duration.ofMinutes(2);
        } else {
            delay = Duration.ofMinutes(10);
        }
        if (invoice.state() == InvoiceState.SETTLEMENT_PENDING && delay.compareTo(Duration.ofMinutes(1)) > 0) {
            delay = Duration.ofMinutes(1);
        }
        return now.plus(delay.compareTo(recheck) < 0 ? recheck : delay);
    }

    /** Routstr's values: one hour to pay, a day of grace, 100 checks per pass, each invoice rechecked every 10 s. */
    public static LightningPolicy defaults(MintUrl mint) {
        return new LightningPolicy(
                mint, CurrencyUnit.SAT, Duration.ofHours(1), Duration.ofDays(1), 100, Duration.ofSeconds(10));
    }
}
