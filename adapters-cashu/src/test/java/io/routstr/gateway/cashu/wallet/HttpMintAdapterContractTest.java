package io.routstr.gateway.cashu.wallet;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.routstr.gateway.application.contract.MintPortContract;
import io.routstr.gateway.application.port.out.MintPort;
import io.routstr.gateway.application.port.out.WalletCryptoPort;
import io.routstr.gateway.cashu.crypto.CashuCryptoAdapter;
import io.routstr.gateway.cashu.mint.HttpMintAdapter;
import io.routstr.gateway.cashu.mint.MintClientSettings;
import io.routstr.gateway.cashu.mint.MintClients;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.domain.mint.MintUrl;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The {@link MintPort} contract on the HTTP adapter and the real curve, against a cashu-ts mint without input fees. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpMintAdapterContractTest extends MintPortContract {

    private final WalletCryptoPort crypto = new CashuCryptoAdapter(new SecureRandom());
    private CashuTsMint mint;
    private MintUrl mintUrl;
    private MintPort mints;

    @BeforeAll
    void startMint() {
        mint = CashuTsMint.start(0);
        mintUrl = MintUrl.of(mint.url());
        mints = new HttpMintAdapter(new MintClients(
                HttpClient.newHttpClient(),
                JsonMapper.builder().build(),
                new MintClientSettings(
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(20),
                        4,
                        2,
                        Duration.ofMillis(10),
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(30))));
    }

    @AfterAll
    void stopMint() {
        if (mint != null) {
            mint.close();
        }
    }

    @Override
    protected MintPort mints() {
        return mints;
    }

    @Override
    protected MintUrl mintUrl() {
        return mintUrl;
    }

    @Override
    protected WalletCryptoPort crypto() {
        return crypto;
    }
}
