package io.routstr.gateway.persistence.lightning;

import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.lightning.LightningInvoice;
import io.routstr.gateway.domain.lightning.LightningInvoice.InvoiceState;
import io.routstr.gateway.domain.lightning.LightningInvoice.Purpose;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Lightning invoices on PostgreSQL; every method is one short transaction. */
@Component
record JpaLightningInvoiceAdapter(LightningInvoiceRepository rows, TransactionTemplate tx)
        implements LightningInvoicePort {

    @Override
    public void save(LightningInvoice invoice) {
        tx.executeWithoutResult(status -> rows.saveAndFlush(toRow(invoice)));
    }

    @Override
    public Optional<LightningInvoice> findById(String id) {
        return rows.findById(id).map(JpaLightningInvoiceAdapter::toDomain);
    }

    @Override
    public Optional<LightningInvoice> findByBolt11(String bolt11) {
        return rows.findByBolt11(bolt11).map(JpaLightningInvoiceAdapter::toDomain);
    }

    @Override
    public boolean transition(String id, List<InvoiceState> from, InvoiceState to, Instant now) {
        Integer moved = tx.execute(
                status -> rows.transition(id, from.stream().map(Enum::name).toList(), to.name()));
        return moved != null && moved == 1;
    }

    @Override
    public boolean markPaid(String id, Instant paidAt) {
        Integer moved = tx.execute(status -> rows.markPaid(id, paidAt));
        return moved != null && moved == 1;
    }

    @Override
    public int expireOverdue(Instant now) {
        Integer expired = tx.execute(status -> rows.expireOverdue(now));
        return expired == null ? 0 : expired;
    }

    @Override
    public List<LightningInvoice> claimDueForCheck(
            Instant now, Instant graceStart, int limit, Function<LightningInvoice, Instant> nextCheck) {
        return tx.execute(status -> {
            List<LightningInvoice> due = rows.lockDue(now, graceStart, limit).stream()
                    .map(JpaLightningInvoiceAdapter::toDomain)
                    .toList();
            for (LightningInvoice invoice : due) {
                rows.postpone(invoice.id(), nextCheck.apply(invoice));
            }
            return due;
        });
    }

    private static LightningInvoiceEntity toRow(LightningInvoice invoice) {
        LightningInvoiceEntity row = new LightningInvoiceEntity();
        row.id = invoice.id();
        row.bolt11 = invoice.bolt11();
        row.quoteId = invoice.quoteId().value();
        row.mintUrl = invoice.mint().value();
        row.unit = invoice.unit().code();
        row.amountSats = invoice.amountSats();
        row.purpose = invoice.purpose().name();
        row.topUpKeyId = invoice.topUpKey().map(ApiKeyId::value).orElse(null);
        row.createdKeyHash = invoice.createdKeyHash().map(KeyHash::value).orElse(null);
        row.balanceLimitMsats = invoice.limit().map(l -> l.limit().value()).orElse(null);
        row.balanceLimitReset = invoice.limit().map(l -> l.resetPeriod().name()).orElse(null);
        row.validUntil = invoice.validUntil().orElse(null);
        row.state = invoice.state().name();
        row.createdAt = invoice.createdAt();
        row.expiresAt = invoice.expiresAt();
        row.paidAt = invoice.paidAt().orElse(null);
        row.nextCheckAt = invoice.createdAt();
        return row;
    }

    private static LightningInvoice toDomain(LightningInvoiceEntity row) {
        Optional<BalanceLimit> limit = Optional.ofNullable(row.balanceLimitMsats)
                .map(l -> BalanceLimit.of(
                        Msats.of(l),
                        row.balanceLimitReset == null
                                ? LimitResetPeriod.NEVER
                                : LimitResetPeriod.valueOf(row.balanceLimitReset)));
        return new LightningInvoice(
                row.id,
                row.bolt11,
                QuoteId.of(row.quoteId),
                MintUrl.of(row.mintUrl),
                CurrencyUnit.of(row.unit),
                row.amountSats,
                Purpose.valueOf(row.purpose),
                Optional.ofNullable(row.topUpKeyId).map(ApiKeyId::new),
                Optional.ofNullable(row.createdKeyHash).map(KeyHash::new),
                limit,
                Optional.ofNullable(row.validUntil),
                InvoiceState.valueOf(row.state),
                row.createdAt,
                row.expiresAt,
                Optional.ofNullable(row.paidAt));
    }
}
