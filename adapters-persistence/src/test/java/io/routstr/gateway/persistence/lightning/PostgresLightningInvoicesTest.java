package io.routstr.gateway.persistence.lightning;

import io.routstr.gateway.application.contract.LightningInvoiceContract;
import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = PersistenceTestApplication.class)
class PostgresLightningInvoicesTest extends LightningInvoiceContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
    }

    @Autowired
    JpaLightningInvoiceAdapter adapter;

    @Override
    protected LightningInvoicePort invoices() {
        return adapter;
    }
}
