package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.application.service.wallet.EcashWallet.ConsolidationReport;
import io.routstr.gateway.application.service.wallet.EcashWallet.Credited;
import io.routstr.gateway.application.service.wallet.EcashWallet.Sent;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The wallet's consolidation against a real mint the project did not write (cashu-ts) and the wallet's PostgreSQL
 * store: many one-sat proofs, as {@code X-Cashu} charges leave them, become a few of the same sum, which the mint
 * honours in full afterwards.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"routstr.cashu.consolidation-interval=3600s", "routstr.cashu.recovery-interval=3600s"})
class WalletConsolidationEndToEndTest {

    private static final CashuTsMint MINT = CashuTsMint.start(0);
    private static final int TOKENS = 40;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
        registry.add("CASHU_MINTS", MINT::url);
        registry.add("PRIMARY_MINT_URL", MINT::url);
    }

    @AfterAll
    static void stop() {
        MINT.close();
    }

    @Autowired
    EcashWallet wallet;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void manyOneSatProofsBecomeAFewOfTheSameSum_whichTheMintHonoursInFull() {
        MintUrl mint = MintUrl.of(MINT.url());
        try (CashuTsWallet client = new CashuTsWallet(MINT)) {
            for (int i = 0; i < TOKENS; i++) {
                assertThat(wallet.receive(client.mintToken(1).token())).isInstanceOf(Credited.class);
            }
            assertThat(unspentProofs(mint)).isEqualTo(TOKENS);

            ConsolidationReport report = wallet.consolidate(10, 25);

            // 25 one-sat proofs → 1 + 2 + 4 + 8 and 10 as 8 + 2 (6 proofs); then all 21 (40 sat) → 1 + 2 + 4 + 8 + 16
            // and 9 as 8 + 1 (7 proofs).
            assertThat(report).isEqualTo(new ConsolidationReport(2, 46, 13));
            assertThat(unspentProofs(mint)).isEqualTo(7);
            assertThat(proofs(mint, "PENDING")).isZero();
            assertThat(wallet.balances())
                    .filteredOn(b -> b.mint().equals(mint))
                    .singleElement()
                    .satisfies(b -> assertThat(b.unspent()).isEqualTo(TOKENS));

            // The mint honours every sat: the whole wallet handed out and redeemed by another wallet.
            Sent all = (Sent) wallet.send(mint, CurrencyUnit.SAT, Msats.ofSats(TOKENS), "consolidation-test");
            assertThat(client.receive(all.token()).amount()).isEqualTo(TOKENS);
        }
    }

    private int unspentProofs(MintUrl mint) {
        return proofs(mint, "UNSPENT");
    }

    private int proofs(MintUrl mint, String state) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM wallet_proofs WHERE state = ? AND mint_url = ?",
                Integer.class,
                state,
                mint.value());
    }
}
