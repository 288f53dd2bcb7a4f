package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.lightning.LightningInvoiceView;
import io.routstr.gateway.application.port.in.lightning.RecoverLightningInvoiceUseCase;
import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.domain.lightning.InvoiceCapability;
import java.util.Optional;

/**
 * Finds an invoice by its BOLT11 string and settles it if paid, whatever its age; shows a created key only to the
 * caller who also gives the invoice id.
 */
public record RecoverLightningInvoiceService(LightningInvoicePort invoices, InvoiceSettlement settlement)
        implements RecoverLightningInvoiceUseCase {

    @Override
    public Optional<LightningInvoiceView> recover(String bolt11, Optional<String> invoiceId) {
        return invoices.findByBolt11(bolt11.strip())
                .map(invoice ->
                        settlement.view(settlement.settle(invoice, true), invoiceId.map(InvoiceCapability::of)));
    }
}
