package io.routstr.gateway.cashu.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NUT-00 BDHKE vectors (tests/00-tests.md) and the derived round-trip vectors D1 and D2. */
class BdhkeTest {

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text);
    }

    @ParameterizedTest
    @CsvSource({
        "0000000000000000000000000000000000000000000000000000000000000000,"
                + "024cce997d3b518f739663b757deaec95bcd9473c30a14ac2fd04023a739d1a725",
        "0000000000000000000000000000000000000000000000000000000000000001,"
                + "022e7158e11c9506f1aa4248bf531298daa7febd6194f003edcd9b93ade6253acf",
        "0000000000000000000000000000000000000000000000000000000000000002,"
                + "026cdbe15362df59cd1dd3c9c11de8aedac2106eca69236ecd9fbe117af897be4f"
    })
    void hashesMessagesToTheVectorPoints(String message, String point) {
        assertThat(Bdhke.hashToCurve(hex(message)).toHex()).isEqualTo(point);
    }

    @ParameterizedTest
    @CsvSource({
        "d341ee4871f1f889041e63cf0d3823c713eea6aff01e80f1719f08f9e5be98f6,"
                + "99fce58439fc37412ab3468b73db0569322588f62fb3a49182d67e23d877824a,"
                + "033b1a9737a40cc3fd9b6af4b723632b76a67a36782596304612a6c2bfb5197e6d",
        "f1aaf16c2239746f369572c0784d9dd3d032d952c2d992175873fb58fae31a60,"
                + "f78476ea7cc9ade20f9e05e58a804cf19533f03ea805ece5fee88c8e2874ba50,"
                + "029bdf2d716ee366eddf599ba252786c1033f47e230248a4612a5670ab931f1763"
    })
    void blindsHexDecodedMessagesToTheVectorPoints(String x, String r, String blinded) {
        CurvePoint y = Bdhke.hashToCurve(hex(x));

        assertThat(Bdhke.blind(y, Scalar.fromHex(r)).toHex()).isEqualTo(blinded);
    }

    @ParameterizedTest
    @CsvSource({
        "0000000000000000000000000000000000000000000000000000000000000001,"
                + "02a9acc1e48c25eeeb9289b5031cc57da9fe72f3fe2861d264bdc074209b107ba2,"
                + "02a9acc1e48c25eeeb9289b5031cc57da9fe72f3fe2861d264bdc074209b107ba2",
        "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f,"
                + "02a9acc1e48c25eeeb9289b5031cc57da9fe72f3fe2861d264bdc074209b107ba2,"
                + "0398bc70ce8184d27ba89834d19f5199c84443c31131e48d3c1214db24247d005d"
    })
    void signsBlindedMessagesToTheVectorSignatures(String k, String blinded, String signature) {
        assertThat(Bdhke.sign(Scalar.fromHex(k), CurvePoint.fromHex(blinded)).toHex())
                .isEqualTo(signature);
    }

    @Test
    void unblindsTheDerivedVectorD1() {
        Scalar k = Scalar.fromHex("7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f");
        Scalar r = Scalar.fromHex("99fce58439fc37412ab3468b73db0569322588f62fb3a49182d67e23d877824a");
        CurvePoint y = Bdhke.hashToCurve(hex("d341ee4871f1f889041e63cf0d3823c713eea6aff01e80f1719f08f9e5be98f6"));

        CurvePoint blindSignature = Bdhke.sign(k, Bdhke.blind(y, r));
        CurvePoint signature = Bdhke.unblind(blindSignature, r, k.publicKey());

        assertThat(k.publicKey().toHex())
                .isEqualTo("03142715675faf8da1ecc4d51e0b9e539fa0d52fdd96ed60dbe99adb15d6b05ad9");
        assertThat(y.toHex()).isEqualTo("02b0485e086bfa35d31146657c7392ced53abc72e26fbc23c9dc867646cc410024");
        assertThat(blindSignature.toHex())
                .isEqualTo("0300dc47ab2a724507ec7e3d87d83d80fcb71bc850f11c6d01a325e34b83328517");
        assertThat(signature.toHex()).isEqualTo("02fe6fa7d0e5a66dff0c16f7ccf82d217467de25394aab8c493f3454a4bed3e179");
    }

    @Test
    void hashesProofSecretsAsUtf8TextNotAsHex() {
        String secret = "407915bc212be61a77e3e6d2aeb4c727980bda51cd06a6afc29e2861768a7837";
        Scalar k = Scalar.fromHex("7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f");
        Scalar r = Scalar.fromHex("99fce58439fc37412ab3468b73db0569322588f62fb3a49182d67e23d877824a");

        CurvePoint blinded = Bdhke.blindSecret(secret, r);
        CurvePoint blindSignature = Bdhke.sign(k, blinded);
        CurvePoint signature = Bdhke.unblind(blindSignature, r, k.publicKey());

        assertThat(Bdhke.hashSecret(secret).toHex())
                .isEqualTo("02aad97535777fe006cd6a04df849cb2febea2a8cc138683c7dc401cd150ff11de");
        assertThat(blinded.toHex()).isEqualTo("0202857b8c4d00d5fcd09a37ae386b2d2107b8941d25de04c1453be8fbd80e505e");
        assertThat(blindSignature.toHex())
                .isEqualTo("03033d4eb10df51236745140357c4723f6fbd8ebfba64ea4d29793c4149ba6c53b");
        assertThat(signature.toHex()).isEqualTo("02fb3e5bbffbeda96211a0a230294f77b2ec375ae5d91840f834a0701cb0cc372a");
        assertThat(Bdhke.verify(k, secret, signature)).isTrue();
    }

    @Test
    void roundTripOfBlindSignUnblindYieldsTheMintSignatureOnTheSecret() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 20; i++) {
            Scalar k = Scalar.random(random);
            Scalar r = Scalar.random(random);
            String secret = HexFormat.of().formatHex(Scalar.random(random).toBytes());

            CurvePoint signature = Bdhke.unblind(Bdhke.sign(k, Bdhke.blindSecret(secret, r)), r, k.publicKey());

            assertThat(signature).isEqualTo(Bdhke.hashSecret(secret).times(k));
            assertThat(Bdhke.verify(k, secret, signature)).isTrue();
            assertThat(Bdhke.verify(k, secret + "0", signature)).isFalse();
        }
    }
}
