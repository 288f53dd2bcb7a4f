package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.lightning.CheckLightningInvoiceUseCase;
import io.routstr.gateway.application.port.in.lightning.LightningInvoiceView;
import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.domain.lightning.InvoiceCapability;
import java.util.Optional;

/** Reports an invoice's status to the holder of its id, settling it first when the mint says it was paid. */
public record CheckLightningInvoiceService(LightningInvoicePort invoices, InvoiceSettlement settlement)
        implements CheckLightningInvoiceUseCase {

    @Override
    public Optional<LightningInvoiceView> check(String invoiceId) {
        InvoiceCapability holder = InvoiceCapability.of(invoiceId);
        return invoices.findById(holder.handle())
                .map(invoice -> settlement.view(settlement.settle(invoice, false), Optional.of(holder)));
    }
}
