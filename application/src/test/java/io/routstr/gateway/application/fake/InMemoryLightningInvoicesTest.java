package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.LightningInvoiceContract;
import io.routstr.gateway.application.port.out.LightningInvoicePort;

class InMemoryLightningInvoicesTest extends LightningInvoiceContract {

    private final InMemoryLightningInvoices invoices = new InMemoryLightningInvoices();

    @Override
    protected LightningInvoicePort invoices() {
        return invoices;
    }
}
