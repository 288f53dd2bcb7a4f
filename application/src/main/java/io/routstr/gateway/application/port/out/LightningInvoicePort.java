package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.lightning.LightningInvoice;
import io.routstr.gateway.domain.lightning.LightningInvoice.InvoiceState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Port: the node's Lightning invoices (mint quotes it handed to clients) and their states, moved by compare-and-set. */
public interface LightningInvoicePort {

    void save(LightningInvoice invoice);

    /** By the stored handle of the client's invoice id ({@code InvoiceCapability.handle()}). */
    Optional<LightningInvoice> findById(String id);

    Optional<LightningInvoice> findByBolt11(String bolt11);

    /** Moves the invoice from one of {@code from} to {@code to}; false when another caller moved it first. */
    boolean transition(String id, List<InvoiceState> from, InvoiceState to, Instant now);

    /** Marks it paid with the time, from SETTLEMENT_PENDING only. */
    boolean markPaid(String id, Instant paidAt);

    /** Expires PENDING invoices past their expiry (the node's own clock); returns how many. */
    int expireOverdue(Instant now);

    /**
     * Up to {@code limit} invoices worth checking now (settlement pending, pending, and expired within the grace
     * window), the longest overdue first, settlement pending first among equals. Each claimed invoice is left alone
     * until {@code nextCheck} of it, in the same transaction, so that invoices nobody can settle (stuck ones, old ones)
     * wait their turn instead of filling every batch.
     */
    List<LightningInvoice> claimDueForCheck(
            Instant now, Instant graceStart, int limit, Function<LightningInvoice, Instant> nextCheck);
}
