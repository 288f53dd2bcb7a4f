package io.routstr.gateway.application.port.in.lightning;

import java.util.Optional;

/**
 * Use case: find an invoice by its BOLT11 string and settle it if paid, even after the grace window ({@code POST
 * /lightning/recover}).
 */
public interface RecoverLightningInvoiceUseCase {

    Optional<LightningInvoiceView> recover(String bolt11);
}
