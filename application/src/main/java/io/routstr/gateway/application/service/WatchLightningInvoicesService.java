package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.lightning.WatchLightningInvoicesUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.domain.lightning.LightningInvoice;
import io.routstr.gateway.domain.lightning.LightningInvoice.InvoiceState;
import java.time.Instant;

/**
 * One watcher pass: expire overdue invoices on the node's own clock, then check a bounded batch of due invoices (live,
 * settling, and expired ones still inside the grace window), the longest overdue first, each next checked after a
 * delay that grows with its age. Claims skip rows other instances hold, so several instances can watch together.
 */
public record WatchLightningInvoicesService(
        LightningInvoicePort invoices, InvoiceSettlement settlement, ClockPort clock, LightningPolicy policy)
        implements WatchLightningInvoicesUseCase {

    @Override
    public int watch() {
        Instant now = clock.now();
        invoices.expireOverdue(now);
        int credited = 0;
        for (LightningInvoice invoice : invoices.claimDueForCheck(
                now, now.minus(policy.gracePeriod()), policy.batchSize(), due -> policy.nextCheck(due, now))) {
            if (settlement.settle(invoice, false).state() == InvoiceState.PAID) {
                credited++;
            }
        }
        return credited;
    }
}
