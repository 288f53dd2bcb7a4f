package io.routstr.gateway.application.port.in.lightning;

import java.util.Optional;

/**
 * Use case: the status of an invoice by its id, settling it first if the mint says it was paid ({@code GET
 * /lightning/invoice/{id}/status}).
 */
public interface CheckLightningInvoiceUseCase {

    Optional<LightningInvoiceView> check(String invoiceId);
}
