package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.lightning.CreateLightningInvoiceUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.application.port.out.MintQuotePort;
import io.routstr.gateway.application.port.out.MintQuotePort.QuoteRequest;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.lightning.LightningInvoice;
import io.routstr.gateway.domain.lightning.LightningInvoice.InvoiceState;
import io.routstr.gateway.domain.mint.MintUrl;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** Asks the mint for a quote and records it as the node's invoice; a top-up's key must exist first. */
public final class CreateLightningInvoiceService implements CreateLightningInvoiceUseCase {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LightningInvoicePort invoices;
    private final MintQuotePort quotes;
    private final ApiKeyPort apiKeys;
    private final ClockPort clock;
    private final LightningPolicy policy;

    public CreateLightningInvoiceService(
            LightningInvoicePort invoices,
            MintQuotePort quotes,
            ApiKeyPort apiKeys,
            ClockPort clock,
            LightningPolicy policy) {
        this.invoices = invoices;
        this.quotes = quotes;
        this.apiKeys = apiKeys;
        this.clock = clock;
        this.policy = policy;
    }

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
                LightningInvoice invoice = new LightningInvoice(
                        newId(),
                        created.bolt11(),
                        created.quoteId(),
                        mint,
                        policy.unit(),
                        command.amountSats(),
                        command.purpose(),
                        target.map(ApiKey::billingKeyId),
                        command.limit(),
                        command.validUntil(),
                        InvoiceState.PENDING,
                        now,
                        now.plus(policy.invoiceExpiry()),
                        Optional.empty());
                invoices.save(invoice);
                yield new InvoiceOutcome.Created(invoice);
            }
        };
    }

    /** 128 random bits, URL-safe: the invoice id is a capability, so it must not be guessable. */
    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
