package io.routstr.gateway.application.port.in.lightning;

import java.util.Optional;

/**
 * Use case: find an invoice by its BOLT11 string and settle it if paid, even after the grace window ({@code POST
 * /lightning/recover}).
 *
 * <p>The BOLT11 string is no secret (the payer, its wallet and anyone shown the QR code hold it), so it recovers the
 * payment, never the key: a created key is shown only when {@code invoiceId}, the id returned at creation, is given
 * too and matches.
 */
public interface RecoverLightningInvoiceUseCase {

    Optional<LightningInvoiceView> recover(String bolt11, Optional<String> invoiceId);
}
