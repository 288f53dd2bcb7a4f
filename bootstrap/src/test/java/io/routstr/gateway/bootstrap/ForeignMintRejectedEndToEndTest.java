package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code FOREIGN_MINT_POLICY} left at its default, {@code reject}: a token of an untrusted mint is refused offline. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForeignMintRejectedEndToEndTest {

    private static final CashuTsMint TRUSTED =
            CashuTsMint.builder().seed("trusted").start();
    private static final CashuTsMint FOREIGN =
            CashuTsMint.builder().seed("foreign").start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
        registry.add("CASHU_MINTS", TRUSTED::url);
        registry.add("FOREIGN_MINT_ALLOW_PRIVATE", () -> "true");
    }

    @AfterAll
    static void stopMints() {
        FOREIGN.close();
        TRUSTED.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void byDefaultAForeignTokenIsRefusedWithRoutstrsUntrustedSourceMintError_andStaysSpendable() throws Exception {
        try (CashuTsWallet client = new CashuTsWallet(FOREIGN)) {
            CashuTsWallet.MintedToken token = client.mintToken(100);

            HttpResponse<String> refused = new GatewayHttp(port).send("GET", "/v1/wallet/info", token.token(), null);

            JsonNode error = GatewayHttp.json(refused).get("error");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(error.get("type").asText()).isEqualTo("untrusted_mint");
            assertThat(error.get("code").asText()).isEqualTo("cashu_untrusted_source_mint");
            assertThat(client.checkState(token.token())).containsOnly("UNSPENT");
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM cashu_swaps WHERE foreign_mint = ?", Long.class, FOREIGN.url()))
                    .isZero();
        }
    }
}
