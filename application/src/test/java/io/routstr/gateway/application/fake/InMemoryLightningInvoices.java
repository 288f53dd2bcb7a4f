package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.domain.lightning.LightningInvoice;
import io.routstr.gateway.domain.lightning.LightningInvoice.InvoiceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** In-memory Lightning invoices. */
public final class InMemoryLightningInvoices implements LightningInvoicePort {

    private final Map<String, LightningInvoice> invoices = new LinkedHashMap<>();
    private final Map<String, Instant> nextCheck = new HashMap<>();

    @Override
    public synchronized void save(LightningInvoice invoice) {
        invoices.put(invoice.id(), invoice);
    }

    @Override
    public synchronized Optional<LightningInvoice> findById(String id) {
        return Optional.ofNullable(invoices.get(id));
    }

    @Override
    public synchronized Optional<LightningInvoice> findByBolt11(String bolt11) {
        return invoices.values().stream().filter(i -> i.bolt11().equals(bolt11)).findFirst();
    }

    @Override
    public synchronized boolean transition(String id, List<InvoiceState> from, InvoiceState to, Instant now) {
        LightningInvoice invoice = invoices.get(id);
        if (invoice == null || !from.contains(invoice.state())) {
            return false;
        }
        invoices.put(id, with(invoice, to, invoice.paidAt()));
        return true;
    }

    @Override
    public synchronized boolean markPaid(String id, Instant paidAt) {
        LightningInvoice invoice = invoices.get(id);
        if (invoice == null || invoice.state() != InvoiceState.SETTLEMENT_PENDING) {
            return false;
        }
        invoices.put(id, with(invoice, InvoiceState.PAID, Optional.of(paidAt)));
        return true;
    }

    @Override
    public synchronized int expireOverdue(Instant now) {
        int expired = 0;
        for (LightningInvoice invoice : List.copyOf(invoices.values())) {
            if (invoice.isOverdue(now)) {
                invoices.put(invoice.id(), with(invoice, InvoiceState.EXPIRED, Optional.empty()));
                expired++;
            }
        }
        return expired;
    }

    @Override
    public synchronized List<LightningInvoice> claimDueForCheck(
            Instant now, Instant graceStart, int limit, Function<LightningInvoice, Instant> nextCheckOf) {
        List<LightningInvoice> due = new ArrayList<>();
        for (LightningInvoice invoice : invoices.values()) {
            boolean live =
                    invoice.state() == InvoiceState.PENDING || invoice.state() == InvoiceState.SETTLEMENT_PENDING;
            boolean inGrace = invoice.state() == InvoiceState.EXPIRED
                    && !invoice.expiresAt().isBefore(graceStart);
            boolean timeToCheck = !nextCheckOf(invoice).isAfter(now);
            if ((live || inGrace) && timeToCheck) {
                due.add(invoice);
            }
        }
        List<LightningInvoice> claimed = due.stream()
                .sorted(Comparator.comparing(this::nextCheckOf)
                        .thenComparing(i -> i.state() == InvoiceState.SETTLEMENT_PENDING ? 0 : 1))
                .limit(limit)
                .toList();
        claimed.forEach(i -> nextCheck.put(i.id(), nextCheckOf.apply(i)));
        return claimed;
    }

    /** As the database does: a new invoice is due from its creation. */
    private Instant nextCheckOf(LightningInvoice invoice) {
        return nextCheck.getOrDefault(invoice.id(), invoice.createdAt());
    }

    private static LightningInvoice with(LightningInvoice i, InvoiceState state, Optional<Instant> paidAt) {
        return new LightningInvoice(
                i.id(),
                i.bolt11(),
                i.quoteId(),
                i.mint(),
                i.unit(),
                i.amountSats(),
                i.purpose(),
                i.topUpKey(),
                i.createdKeyHash(),
                i.limit(),
                i.validUntil(),
                state,
                i.createdAt(),
                i.expiresAt(),
                paidAt);
    }
}
