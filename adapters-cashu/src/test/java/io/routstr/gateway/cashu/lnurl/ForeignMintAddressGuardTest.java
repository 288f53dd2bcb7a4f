package io.routstr.gateway.cashu.lnurl;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.mint.MintUrl;
import org.junit.jupiter.api.Test;

class ForeignMintAddressGuardTest {

    @Test
    void aForeignMintOnLoopbackOrAPrivateAddressIsRefused_unlessTheOperatorAllowsIt() {
        ForeignMintAddressGuard guard = new ForeignMintAddressGuard(false);

        assertThat(guard.refusal(MintUrl.of("https://127.0.0.1:3338"))).isPresent();
        assertThat(guard.refusal(MintUrl.of("https://10.1.2.3"))).isPresent();
        assertThat(guard.refusal(MintUrl.of("https://169.254.169.254"))).isPresent();
        assertThat(new ForeignMintAddressGuard(true).refusal(MintUrl.of("http://127.0.0.1:3338")))
                .isEmpty();
    }

    @Test
    void aForeignMintIsCalledOverHttpsOnly() {
        assertThat(new ForeignMintAddressGuard(false).refusal(MintUrl.of("http://8.8.8.8")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("http"));
        assertThat(new ForeignMintAddressGuard(false).refusal(MintUrl.of("https://8.8.8.8")))
                .isEmpty();
    }
}
