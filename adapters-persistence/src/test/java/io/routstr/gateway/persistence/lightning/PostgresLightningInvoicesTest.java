package io.routstr.gateway.persistence.lightning;

import io.routstr.gateway.application.contract.LightningInvoiceContract;
import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;

@PostgresAdapterTest
class PostgresLightningInvoicesTest extends LightningInvoiceContract {

    @Autowired
    JpaLightningInvoiceAdapter adapter;

    @Override
    protected LightningInvoicePort invoices() {
        return adapter;
    }
}
