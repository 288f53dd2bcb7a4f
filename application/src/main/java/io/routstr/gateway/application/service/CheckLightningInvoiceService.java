package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.lightning.CheckLightningInvoiceUseCase;
import io.routstr.gateway.application.port.in.lightning.LightningInvoiceView;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.application.port.out.MintQuotePort;
import java.util.Optional;

/** Reports an invoice's status, settling it first when the mint says it was paid. */
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
        return invoices.findById(invoiceId).map(invoice -> settlement.view(settlement.settle(invoice, false)));
    }
}
