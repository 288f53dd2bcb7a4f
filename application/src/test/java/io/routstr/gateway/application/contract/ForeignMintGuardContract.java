package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.ForeignMintGuardPort;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ForeignMintGuardPort}, for the fake and the address guard: a foreign mint's URL is user input,
 * so by default the node calls it only over https at a public address; an operator who allows private destinations
 * (test and closed networks) lets the node call loopback, private and plain http mints too. Addresses are written as
 * literals so that no run needs a DNS server.
 */
public abstract class ForeignMintGuardContract {

    /** The guard of a node that does not allow private destinations (the default). */
    protected abstract ForeignMintGuardPort publicOnly();

    /** The guard of a node whose operator allows private destinations ({@code FOREIGN_MINT_ALLOW_PRIVATE}). */
    protected abstract ForeignMintGuardPort allowingPrivate();

    private static final List<String> NOT_PUBLIC = List.of(
            "https://127.0.0.1:3338",
            "https://localhost:3338",
            "https://0.0.0.0",
            "https://10.1.2.3",
            "https://172.16.0.1",
            "https://192.168.1.1",
            "https://169.254.169.254",
            "https://100.64.0.1",
            "https://[fd00::1]",
            "https://[::1]",
            "https://[fe80::1]");

    @Test
    void aMintAtAPublicAddressOverHttps_mayBeCalled() {
        ForeignMintGuardPort guard = publicOnly();

        assertThat(guard.refusal(MintUrl.of("https://8.8.8.8"))).isEmpty();
        assertThat(guard.refusal(MintUrl.of("https://1.1.1.1:3338/cashu"))).isEmpty();
        assertThat(guard.refusal(MintUrl.of("https://[2001:4860:4860::8888]"))).isEmpty();
    }

    @Test
    void aMintOnLoopbackOrAPrivateOrLinkLocalAddress_isRefused() {
        ForeignMintGuardPort guard = publicOnly();

        for (String mint : NOT_PUBLIC) {
            assertThat(guard.refusal(MintUrl.of(mint)))
                    .as(mint)
                    .hasValueSatisfying(reason -> assertThat(reason).isNotBlank());
        }
    }

    @Test
    void aMintOverPlainHttp_isRefusedEvenAtAPublicAddress() {
        assertThat(publicOnly().refusal(MintUrl.of("http://8.8.8.8")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("http"));
    }

    @Test
    void whenTheOperatorAllowsPrivateDestinations_loopbackPrivateAndPlainHttpMintsMayBeCalled() {
        ForeignMintGuardPort guard = allowingPrivate();

        for (String mint : NOT_PUBLIC) {
            assertThat(guard.refusal(MintUrl.of(mint))).as(mint).isEmpty();
        }
        assertThat(guard.refusal(MintUrl.of("http://127.0.0.1:3338"))).isEmpty();
        assertThat(guard.refusal(MintUrl.of("http://8.8.8.8"))).isEmpty();
        assertThat(guard.refusal(MintUrl.of("https://8.8.8.8"))).isEmpty();
    }

    @Test
    void anOnionMint_isRefused_forTheNodeHasNoTorProxy() {
        String onion = "https://mintmintmintmintmintmintmintmintmintmintmintmintmint.onion";

        assertThat(publicOnly().refusal(MintUrl.of(onion))).isPresent();
        assertThat(allowingPrivate().refusal(MintUrl.of(onion))).isPresent();
    }
}
