package io.routstr.gateway.persistence;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Entry point of the persistence adapter: its entities, repositories and port implementations. */
@Configuration(proxyBeanMethods = false)
// A test application living in this package (in the test-jar) is not part of the adapter.
@ComponentScan(
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@EntityScan
@EnableJpaRepositories
public class PersistenceConfiguration {

    /**
     * The one way the adapters open their short transactions (each method one transaction, no network I/O inside):
     * adapters take this template rather than each building its own over the transaction manager.
     */
    @Bean
    TransactionTemplate shortTransactions(PlatformTransactionManager transactions) {
        return new TransactionTemplate(transactions);
    }
}
