package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.lightning.CheckLightningInvoiceUseCase;
import io.routstr.gateway.application.port.in.lightning.LightningInvoiceView;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.application.port.out.MintQuotePort;
import io.routstr.gateway.domain.lightning.InvoiceCapability;
import java.util.Optional;

/** Reports an invoice's status to the holder of its id, settling it first when the mint says it was paid. */
public final class CheckLightningInvoiceService implements CheckLightningInvoiceUseCase {

    private final LightningInvoicePort invoices;
    private final InvoiceSettlement settlement;

    public CheckLightningInvoiceService(
            LightningInvoicePort invoices,
            MintQuotePort quotes,
            ApiKeyPort apiKeys,
            FundApiKeyUseCase fund,
            ClockPort clock,
            LightningPolicy policy) {
        this.invoices = invoices;
        this.settlement = new InvoiceSettlement(invoices, quotes, apiKeys, fund, clock, policy);
    }

    @Override
    public Optional<LightningInvoiceView> check(String invoiceId) {
        InvoiceCapability holder = InvoiceCapability.of(invoiceId);
        return invoices.findById(holder.handle())
                .map(invoice -> settlement.view(settlement.settle(invoice, false), Optional.of(holder)));
    }
}
