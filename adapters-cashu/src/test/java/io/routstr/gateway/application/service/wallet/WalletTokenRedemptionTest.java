package io.routstr.gateway.application.service.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.application.service.wallet.TokenRedemption.RedemptionResult;
import io.routstr.gateway.cashu.token.CashuTokenCodecAdapter;
import io.routstr.gateway.cashu.token.TokenCodec;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Redeeming client tokens: bounded work per token, and no wallet detail in what the client is told. */
class WalletTokenRedemptionTest {

    private static final CashuTokenCodecAdapter CODEC = new CashuTokenCodecAdapter(new TokenCodec());

    /** A valid curve point (secp256k1's generator), as every proof's {@code C} must be. */
    private static final String GENERATOR = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    private final AtomicInteger walletCalls = new AtomicInteger();

    private EcashWallet walletAnswering(Failure failure) {
        return (EcashWallet) Proxy.newProxyInstance(
                EcashWallet.class.getClassLoader(), new Class<?>[] {EcashWallet.class}, (proxy, method, args) -> {
                    if (method.getName().equals("receive")) {
                        walletCalls.incrementAndGet();
                        return failure;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String tokenOf(int proofs) {
        List<Proof> list = new ArrayList<>();
        for (int i = 0; i < proofs; i++) {
            list.add(Proof.of(1, KeysetId.of("00882760bfa2eb41"), "secret-" + i, GENERATOR));
        }
        return new TokenCodec().encode(EcashToken.of(MintUrl.of("https://mint.example"), CurrencyUnit.SAT, list));
    }

    @Test
    void givenATokenOfMoreProofsThanAllowed_itIsRefusedWithoutReachingTheWallet() {
        WalletTokenRedemption redemption =
                new WalletTokenRedemption(walletAnswering(Failure.of(FailureKind.MINT_UNREACHABLE, "x")), CODEC, 8);

        RedemptionResult result = redemption.redeem(tokenOf(9));

        assertThat(result)
                .isEqualTo(new RedemptionResult.Failed(
                        RedemptionFailure.TOO_MANY_PROOFS, RedemptionFailure.TOO_MANY_PROOFS.clientMessage()));
        assertThat(walletCalls).hasValue(0);
        assertThat(RedemptionFailure.TOO_MANY_PROOFS.terminal())
                .as("not remembered: the token stays the client's")
                .isFalse();
    }

    @Test
    void givenATokenAtTheLimit_theWalletRedeemsIt() {
        WalletTokenRedemption redemption =
                new WalletTokenRedemption(walletAnswering(Failure.of(FailureKind.MINT_UNREACHABLE, "x")), CODEC, 8);

        redemption.redeem(tokenOf(8));

        assertThat(walletCalls).hasValue(1);
    }

    @Test
    void theWalletsDetailNeverReachesTheClient() {
        String internal = "java.net.ConnectException: Connection refused to http://10.1.2.3:3338/v1/swap";
        WalletTokenRedemption redemption = new WalletTokenRedemption(
                walletAnswering(Failure.of(FailureKind.MINT_UNREACHABLE, internal)), CODEC, 8);

        RedemptionResult result = redemption.redeem(tokenOf(1));

        assertThat(result)
                .isEqualTo(new RedemptionResult.Failed(RedemptionFailure.MINT_UNREACHABLE, "Mint service unavailable"));
    }
}
