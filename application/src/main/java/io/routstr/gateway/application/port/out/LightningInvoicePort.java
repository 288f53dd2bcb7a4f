package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.lightning.LightningInvoice;
import io.routstr.gateway.domain.lightning.LightningInvoice.InvoiceState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: the node's Lightning invoices (mint quotes it handed to clients) and their states, moved by compare-and-set. */
public interface LightningInvoicePort {

    void save(LightningInvoice invoice);

    Optional<LightningInvoice> findById(String id);

    Optional<LightningInvoice> findByBolt11(String bolt11);

    /** Moves the invoice from one of {@code from} to {@code to}; false when another caller moved it first. */
    boolean transition(String id, List<InvoiceState> from, InvoiceState to, Instant now);

    /** Marks it paid with the time, from SETTLEMENT_PENDING only. */
    boolean markPaid(String id, Instant paidAt);

    /** Expires PENDING invoices past their expiry (the node's own clock); returns how many. */
    int expireOverdue(Instant now);

    /**
     * Up to {@code limit} invoices worth checking now: settlement pending first, then pending, then expired within the
     * grace window; each is skipped for a while after being checked ({@code recheckAfter}), so one stuck invoice
     * cannot starve the others.
     */
    List<LightningInvoice> claimDueForCheck(Instant now, Instant graceStart, int limit, Instant recheckAfter);
}
