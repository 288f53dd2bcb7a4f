package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.FundApiKeyCommand;
import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.lightning.LightningInvoiceView;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.application.service.wallet.MintQuotes;
import io.routstr.gateway.application.service.wallet.MintQuotes.MintResult;
import io.routstr.gateway.application.service.wallet.MintQuotes.QuoteStatus;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.lightning.InvoiceCapability;
import io.routstr.gateway.domain.lightning.LightningInvoice;
import io.routstr.gateway.domain.lightning.LightningInvoice.InvoiceState;
import io.routstr.gateway.domain.lightning.LightningInvoice.Purpose;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Settles one invoice: ask the mint (no transaction open), claim it PENDING/EXPIRED → SETTLEMENT_PENDING, mint the
 * quote, credit the key with the ledger reference {@code invoice:<handle>}, mark it PAID. Each step is idempotent, so
 * a crash anywhere is finished by the next check: minting is idempotent per quote and the ledger books a reference
 * once. A quote the mint issued to someone else (an ISSUED quote this wallet never minted) ends FAILED.
 *
 * <p>One instance serves the check, recover and watch use cases, so that all three settle an invoice the same way.
 */
public record InvoiceSettlement(
        LightningInvoicePort invoices,
        MintQuotes quotes,
        ApiKeyPort apiKeys,
        FundApiKeyUseCase fund,
        ClockPort clock,
        LightningPolicy policy) {

    /**
     * The invoice as {@code holder} sees it: the key a paid create invoice opened is shown only to whoever presented
     * the invoice's id, the one value it follows from.
     */
    LightningInvoiceView view(LightningInvoice invoice, Optional<InvoiceCapability> holder) {
        Optional<ApiKeySecret> created = invoice.purpose() == Purpose.CREATE && invoice.state() == InvoiceState.PAID
                ? holder.filter(id -> id.handle().equals(invoice.id()))
                        .map(id -> id.createdKey(invoice.quoteId()))
                        .filter(key -> invoice.createdKeyHash().equals(Optional.of(key.hash())))
                : Optional.empty();
        return new LightningInvoiceView(invoice, created);
    }

    /** Brings the invoice up to date with the mint; returns it as it stands afterwards. */
    LightningInvoice settle(LightningInvoice invoice, boolean ignoreGrace) {
        Instant now = clock.now();
        switch (invoice.state()) {
            case PAID, CANCELLED, RECONCILIATION_REQUIRED, FAILED -> {
                return invoice;
            }
            case EXPIRED -> {
                if (!ignoreGrace && now.isAfter(invoice.expiresAt().plus(policy.gracePeriod()))) {
                    return invoice;
                }
            }
            case PENDING, SETTLEMENT_PENDING -> {}
        }
        if (invoice.state() != InvoiceState.SETTLEMENT_PENDING) {
            QuoteStatus status = quotes.checkQuote(invoice.mint(), invoice.quoteId());
            switch (status) {
                case QuoteStatus.Paid paid -> {}
                // Issued: minted by this wallet before a crash (the wallet's mint answers from its journal) or by
                // someone else (the mint refuses it: IssuedElsewhere); minting tells the two apart.
                case QuoteStatus.Issued issued -> {}
                case QuoteStatus.Unpaid unpaid -> {
                    expireIfOverdue(invoice, now);
                    return reload(invoice);
                }
                case QuoteStatus.Unknown unknown -> {
                    // A quote the mint does not know was never paid (Routstr §13.10).
                    invoices.transition(invoice.id(), List.of(InvoiceState.PENDING), InvoiceState.EXPIRED, now);
                    return reload(invoice);
                }
                case QuoteStatus.Unreachable unreachable -> {
                    return invoice;
                }
            }
            if (!invoices.transition(
                    invoice.id(),
                    List.of(InvoiceState.PENDING, InvoiceState.EXPIRED),
                    InvoiceState.SETTLEMENT_PENDING,
                    now)) {
                return reload(invoice);
            }
        }
        return mintAndCredit(reload(invoice));
    }

    private LightningInvoice mintAndCredit(LightningInvoice invoice) {
        Optional<ApiKey> topUpTarget = invoice.topUpKey().flatMap(apiKeys::findById);
        if (invoice.purpose() == Purpose.TOPUP && topUpTarget.isEmpty()) {
            // Never mint for a key that is gone: the payment must be reconciled by the operator.
            invoices.transition(
                    invoice.id(),
                    List.of(InvoiceState.SETTLEMENT_PENDING),
                    InvoiceState.RECONCILIATION_REQUIRED,
                    clock.now());
            return reload(invoice);
        }
        MintResult minted = quotes.mint(invoice.mint(), invoice.unit(), invoice.quoteId(), invoice.amountSats());
        switch (minted) {
            case MintResult.Minted done -> {
                var keyHash = topUpTarget
                        .map(ApiKey::keyHash)
                        .orElseGet(() -> invoice.createdKeyHash().orElseThrow());
                fund.fund(new FundApiKeyCommand(
                        keyHash,
                        done.amount(),
                        RefundTarget.to(invoice.mint(), invoice.unit()),
                        "invoice:" + invoice.id(),
                        invoice.limit(),
                        invoice.validUntil()));
                invoices.markPaid(invoice.id(), clock.now());
            }
            case MintResult.NotPaid notPaid ->
                invoices.transition(
                        invoice.id(), List.of(InvoiceState.SETTLEMENT_PENDING), InvoiceState.PENDING, clock.now());
            case MintResult.Failed failed -> {
                // Stays SETTLEMENT_PENDING: the watcher retries, and minting is idempotent per quote.
            }
            case MintResult.IssuedElsewhere elsewhere ->
                // The wallet's journal holds no mint of this quote, yet the mint issued it: whoever else held the quote
                // id took the ecash. Nothing will ever credit this invoice; terminal, so the watcher lets it go.
                invoices.transition(
                        invoice.id(), List.of(InvoiceState.SETTLEMENT_PENDING), InvoiceState.FAILED, clock.now());
        }
        return reload(invoice);
    }

    private void expireIfOverdue(LightningInvoice invoice, Instant now) {
        if (invoice.isOverdue(now)) {
            invoices.transition(invoice.id(), List.of(InvoiceState.PENDING), InvoiceState.EXPIRED, now);
        }
    }

    private LightningInvoice reload(LightningInvoice invoice) {
        return invoices.findById(invoice.id()).orElse(invoice);
    }
}
