package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routstr.gateway.bootstrap.proxy.NodeOnTestMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code FOREIGN_MINT_POLICY} left at its default, {@code reject}: a token of an untrusted mint is refused offline. The
 * node may call mints on loopback ({@code FOREIGN_MINT_ALLOW_PRIVATE}), so the refusal is the policy's, not the address
 * guard's.
 */
@NodeOnTestMint
class ForeignMintRejectedEndToEndTest {

    /** Not the node's mint ({@link SharedFakes#mint()}): another seed, so other keysets. */
    private static final CashuTsMint FOREIGN =
            CashuTsMint.builder().seed("foreign").start();

    @AfterAll
    static void stopMint() {
        FOREIGN.close();
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
