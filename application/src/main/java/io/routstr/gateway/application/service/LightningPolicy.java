package io.routstr.gateway.application.service;

import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Duration;
import java.util.Objects;

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
        Objects.requireNonNull(mint, "mint");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(invoiceExpiry, "invoice expiry");
        Objects.requireNonNull(gracePeriod, "grace period");
        Objects.requireNonNull(recheck, "recheck");
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size is positive");
        }
    }

    /** Routstr's values: one hour to pay, a day of grace, 100 checks per pass, each invoice rechecked every 10 s. */
    public static LightningPolicy defaults(MintUrl mint) {
        return new LightningPolicy(
                mint, CurrencyUnit.SAT, Duration.ofHours(1), Duration.ofDays(1), 100, Duration.ofSeconds(10));
    }
}
