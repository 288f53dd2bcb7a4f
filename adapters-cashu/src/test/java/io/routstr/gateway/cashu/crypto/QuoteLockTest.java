package io.routstr.gateway.cashu.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuoteLockTest {

    private static final WalletSeed SEED = WalletSeed.fromMnemonic(
            "half depart obvious quality work element tank gorilla view sugar picture humble", "");

    @Test
    void derivesTheQuoteLockKeysOfTheNut20Vectors() {
        assertThat(QuoteLock.key(SEED, 0).publicKey().toHex())
                .isEqualTo("03062837166e56114b59a4d1fd3a5a812bf7aadc1dde758428cf943d80acd41539");
        assertThat(QuoteLock.key(SEED, 4).publicKey().toHex())
                .isEqualTo("02b8709bfce17c10f1864f5218844533ae60930d52089669b317d8b5f474eec071");
    }

    @Test
    void signsTheQuoteIdAndTheOutputsInOrder() {
        Scalar key = QuoteLock.key(SEED, 0);
        CurvePoint first = CurvePoint.fromHex("036d6caac248af96f6afa7f904f550253a0f3ef3f5aa2fe6838a95b216691468e2");
        CurvePoint second = CurvePoint.fromHex("021f8a566c205633d029094747d2e18f44e05993dda7a5f88f496078205f656e59");
        String quote = "0192d3c0-7e8a-7c3d-8e9f-1a2b3c4d5e6f";

        byte[] signature = HexFormat.of().parseHex(QuoteLock.sign(key, quote, List.of(first, second)));

        byte[] xOnly = java.util.Arrays.copyOfRange(key.publicKey().toCompressed(), 1, 33);
        byte[] signed = Hashes.sha256((quote + first.toHex() + second.toHex()).getBytes(StandardCharsets.UTF_8));
        byte[] swapped = Hashes.sha256((quote + second.toHex() + first.toHex()).getBytes(StandardCharsets.UTF_8));
        assertThat(SchnorrSignature.verify(xOnly, signed, signature)).isTrue();
        assertThat(SchnorrSignature.verify(xOnly, swapped, signature)).isFalse();
    }

    @Test
    void theV1MessageIsTheOneOfTheNut20Vector() {
        List<QuoteLock.Output> outputs = List.of(
                new QuoteLock.Output(
                        1, CurvePoint.fromHex("036d6caac248af96f6afa7f904f550253a0f3ef3f5aa2fe6838a95b216691468e2")),
                new QuoteLock.Output(
                        1, CurvePoint.fromHex("021f8a566c205633d029094747d2e18f44e05993dda7a5f88f496078205f656e59")));

        assertThat(HexFormat.of().formatHex(QuoteLock.v1Digest("0192d3c0-7e8a-7c3d-8e9f-1a2b3c4d5e6f", outputs)))
                .isEqualTo("c164fd384879f74ab6ea2e7cf13d90ed42e6df9d5de607eeb5c9cc7d36fb1c21");
    }
}
