package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.lightning.CreateLightningInvoiceUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.application.service.wallet.MintQuotes;
import io.routstr.gateway.application.service.wallet.MintQuotes.QuoteRequest;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.lightning.InvoiceCapability;
import io.routstr.gateway.domain.lightning.LightningInvoice;
import io.routstr.gateway.domain.lightning.LightningInvoice.InvoiceState;
import io.routstr.gateway.domain.lightning.LightningInvoice.Purpose;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.Optional;

/**
 * Asks the mint for a quote and records it as the node's invoice; a top-up's key must exist first. The invoice id
 * handed to the client is random and stored only as its hash, with the hash of the key a create invoice will open.
 */
public record CreateLightningInvoiceService(
        LightningInvoicePort invoices, MintQuotes quotes, ApiKeyPort apiKeys, ClockPort clock, LightningPolicy policy)
        implements CreateLightningInvoiceUseCase {

    @Override
    public InvoiceOutcome create(CreateInvoiceCommand command) {
        Optional<ApiKey> target = command.topUpKey().flatMap(apiKeys::findById);
        if (command.topUpKey().isPresent() && target.isEmpty()) {
            return new InvoiceOutcome.UnknownKey();
        }
        MintUrl mint = policy.mint();
        QuoteRequest quote = quotes.requestQuote(mint, policy.unit(), command.amountSats());
        return switch (quote) {
            case QuoteRequest.Unavailable unavailable -> new InvoiceOutcome.MintUnavailable(unavailable.reason());
            case QuoteRequest.Created created -> {
                Instant now = clock.now();
                InvoiceCapability invoiceId = InvoiceCapability.generate();
                Optional<KeyHash> createdKey = command.purpose() == Purpose.CREATE
                        ? Optional.of(invoiceId.createdKey(created.quoteId()).hash())
                        : Optional.empty();
                LightningInvoice invoice = new LightningInvoice(
                        invoiceId.handle(),
                        created.bolt11(),
                        created.quoteId(),
                        mint,
                        policy.unit(),
                        command.amountSats(),
                        command.purpose(),
                        target.map(ApiKey::billingKeyId),
                        createdKey,
                        command.limit(),
                        command.validUntil(),
                        InvoiceState.PENDING,
                        now,
                        now.plus(policy.invoiceExpiry()),
                        Optional.empty());
                invoices.save(invoice);
                yield new InvoiceOutcome.Created(invoice, invoiceId, created.paymentHash());
            }
        };
    }
}
