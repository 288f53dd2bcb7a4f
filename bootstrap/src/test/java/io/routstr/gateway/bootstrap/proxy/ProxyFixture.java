package io.routstr.gateway.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.ledger.CheckLedgerInvariantUseCase;
import io.routstr.gateway.application.port.in.proxy.RefreshModelCatalogUseCase;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.service.StandingHoldsService;
import io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.FundedKey;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import io.routstr.gateway.upstream.rates.ExchangeRateAdapter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a proxy end-to-end test needs from the running node to set a scene and read the books afterwards: one
 * provider, the BTC/USD rate, funded keys, balances and the ledger invariant. The shared node ({@link NodeOnTestMint})
 * has it; a test class with a node of its own imports it ({@code @Import(ProxyFixture.class)}). Either way it is
 * autowired, instead of the same six beans.
 */
record ProxyFixture(
        JdbcTemplate jdbc,
        ProviderStorePort providers,
        RefreshModelCatalogUseCase catalog,
        ExchangeRateAdapter rates,
        FundApiKeyUseCase fund,
        CheckLedgerInvariantUseCase ledger,
        StandingHoldsService standing) {

    /** Every provider replaced by one served by {@code upstream} (fee 1.0), its BTC/USD rate taken, models listed. */
    void servedOnlyBy(FakeOpenAiServer upstream) {
        ProxyTestSupport.onlyProvider(jdbc, providers, upstream, "1.0");
        assertThat(rates.refresh()).as("the fake's BTC/USD rate is read").isTrue();
        catalog.refresh();
    }

    /** As {@link #servedOnlyBy}, for a node whose exchanges do not answer: no rate is taken. */
    void servedOnlyByWithoutARate(FakeOpenAiServer upstream) {
        ProxyTestSupport.onlyProvider(jdbc, providers, upstream, "1.0");
        assertThat(rates.refresh()).as("no exchange answers").isFalse();
        catalog.refresh();
    }

    /** A new key holding {@code msats}, funded through the ledger. */
    FundedKey fundedKey(long msats) {
        return ProxyTestSupport.fundedKey(fund, msats);
    }

    long balance(FundedKey key) {
        return ProxyTestSupport.balance(jdbc, key);
    }

    /**
     * The key's ACTIVE reservations held by requests: the hold the node keeps standing for the key's next request is
     * given back first, as the node does once it idles.
     */
    long activeReservations(FundedKey key) {
        standing.releaseFor(key.key().id());
        return ProxyTestSupport.activeReservations(jdbc, key);
    }

    /** Deposits equal balances plus charges, and nothing is counted twice. */
    boolean ledgerHolds() {
        return ledger.check().holds();
    }
}
