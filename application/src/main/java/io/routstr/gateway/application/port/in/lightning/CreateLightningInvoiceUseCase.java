package io.routstr.gateway.application.port.in.lightning;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.lightning.InvoiceCapability;
import io.routstr.gateway.domain.lightning.LightningInvoice;
import io.routstr.gateway.domain.lightning.LightningInvoice.Purpose;
import java.time.Instant;
import java.util.Optional;

/**
 * Use case: hand a client a Lightning invoice that, once paid, creates a key or tops one up ({@code POST
 * /lightning/invoice}).
 */
public interface CreateLightningInvoiceUseCase {

    InvoiceOutcome create(CreateInvoiceCommand command);

    /** An invoice for {@code amountSats} (1 to 1,000,000); a top-up names its key, a new key may carry limits. */
    record CreateInvoiceCommand(
            long amountSats,
            Purpose purpose,
            Optional<ApiKeyId> topUpKey,
            Optional<BalanceLimit> limit,
            Optional<Instant> validUntil) {

        public CreateInvoiceCommand {
            Components.requireNonNull(CreateInvoiceCommand.class, purpose, topUpKey, limit, validUntil);
            if (amountSats < 1 || amountSats > LightningInvoice.MAX_AMOUNT_SATS) {
                throw new IllegalArgumentException(
                        "amount_sats must be between 1 and " + LightningInvoice.MAX_AMOUNT_SATS);
            }
            if ((purpose == Purpose.TOPUP) != topUpKey.isPresent()) {
                throw new IllegalArgumentException("a top-up needs its key; a new key needs none");
            }
        }
    }

    /** What came of asking for an invoice. */
    sealed interface InvoiceOutcome {
        /**
         * {@code invoiceId}: the id handed to the client, stored only as {@code invoice.id()}, its hash;
         * {@code paymentHash}: the BOLT11 payment hash.
         */
        record Created(LightningInvoice invoice, InvoiceCapability invoiceId, String paymentHash)
                implements InvoiceOutcome {}

        record UnknownKey() implements InvoiceOutcome {}

        record MintUnavailable(String reason) implements InvoiceOutcome {}
    }
}
