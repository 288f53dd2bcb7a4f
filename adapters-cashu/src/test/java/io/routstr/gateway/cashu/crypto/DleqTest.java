package io.routstr.gateway.cashu.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** NUT-12 vectors (tests/12-tests.md) and the derived vector D3. */
class DleqTest {

    private static final CurvePoint G =
            CurvePoint.fromHex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    private static final CurvePoint B_ =
            CurvePoint.fromHex("02a9acc1e48c25eeeb9289b5031cc57da9fe72f3fe2861d264bdc074209b107ba2");

    private static final String PROOF_SECRET = "daf4dd00a2b68a0858a80450f52c8a7d2ccf87d375e43e216e0c571f089f63e9";
    private static final String PROOF_C = "024369d2d22a80ecf78f3937da9d5f30c1b9f74f0c32684d583cca0fa6a61cdcfc";
    private static final ProofDleq PROOF_DLEQ = new ProofDleq(
            "b31e58ac6527f34975ffab13e70a48b6d2b0d35abc4b03f0151f09ee1a9763d4",
            "8fbae004c59e754d71df67e392b6ae4e29293113ddc2ec86592a0431d16306d8",
            "a6d13fcd7a18442e6076f5e1e7c887ad5de40a019824bdfa9fe740d302e8d861");

    @Test
    void hashEConcatenatesUncompressedHexText() {
        CurvePoint one = CurvePoint.fromHex("020000000000000000000000000000000000000000000000000000000000000001");

        byte[] e = Dleq.hashE(one, one, one, B_);

        assertThat(HexFormat.of().formatHex(e))
                .isEqualTo("a4dc034b74338c28c6bc3ea49731f2a24440fc7c4affc08b31a93fc9fbe6401e");
    }

    @Test
    void provesWithTheDeterministicNonceOfTheVector() {
        Scalar a = Scalar.fromHex("0000000000000000000000000000000000000000000000000000000000000002");

        DleqProof proof = Dleq.prove(a, B_);

        assertThat(a.publicKey().toHex())
                .isEqualTo("02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5");
        assertThat(Bdhke.sign(a, B_).toHex())
                .isEqualTo("0244eccfc7a348274458bb38044c7f3c389b3c2086c7ec18b5812d2877ab937787");
        assertThat(proof.eHex()).isEqualTo("2a16ffee280aff3c429045607f9b8e0bf8b35910c44c1b20b9dfaf01b263d7b3");
        assertThat(proof.sHex()).isEqualTo("9df27731238334718d120d4f74611a7c668233f988e687ac3fb188f0a34a2dab");
        assertThat(Dleq.verify(a.publicKey(), B_, Bdhke.sign(a, B_), proof)).isTrue();
    }

    @Test
    void verifiesTheVectorDleqOnABlindSignature() {
        DleqProof proof = DleqProof.fromHex(
                "9818e061ee51d5c8edc3342369a554998ff7b4381c8652d724cdf46429be73d9",
                "9818e061ee51d5c8edc3342369a554998ff7b4381c8652d724cdf46429be73da");
        CurvePoint blindSignature = B_;

        assertThat(Dleq.verify(G, B_, blindSignature, proof)).isTrue();
    }

    @Test
    void rejectsABlindSignatureDleqWithATamperedResponse() {
        DleqProof proof = DleqProof.fromHex(
                "9818e061ee51d5c8edc3342369a554998ff7b4381c8652d724cdf46429be73d9",
                "9818e061ee51d5c8edc3342369a554998ff7b4381c8652d724cdf46429be73db");

        assertThat(Dleq.verify(G, B_, B_, proof)).isFalse();
    }

    @Test
    void verifiesTheVectorDleqOnAProof() {
        Proof proof = Proof.of(1, KeysetId.of("00882760bfa2eb41"), PROOF_SECRET, PROOF_C)
                .withDleq(PROOF_DLEQ);

        assertThat(Dleq.check(proof, G)).isEqualTo(DleqVerdict.VALID);
    }

    @Test
    void reconstructsTheBlindedValuesOfTheProofVectorAsInD3() {
        Scalar r = Scalar.fromHex(PROOF_DLEQ.r());

        assertThat(Bdhke.hashSecret(PROOF_SECRET).toHex()).isEqualTo(PROOF_C);
        assertThat(Bdhke.blindSecret(PROOF_SECRET, r).toHex())
                .isEqualTo("0286ba2f5d46f5787f04b5ac295fee05dd30a4f3e27c98906752d98888334ec22d");
    }

    @Test
    void judgesAProofDleqInvalidForTheWrongMintKeyOrSecret() {
        Proof proof = Proof.of(1, KeysetId.of("00882760bfa2eb41"), PROOF_SECRET, PROOF_C)
                .withDleq(PROOF_DLEQ);
        Proof otherSecret =
                new Proof(1, proof.keysetId(), PROOF_SECRET.replace('d', 'e'), PROOF_C, proof.witness(), proof.dleq());

        assertThat(Dleq.check(proof, B_)).isEqualTo(DleqVerdict.INVALID);
        assertThat(Dleq.check(otherSecret, G)).isEqualTo(DleqVerdict.INVALID);
    }

    @Test
    void reportsAProofWithoutDleqAsAbsent() {
        Proof proof = Proof.of(1, KeysetId.of("00882760bfa2eb41"), PROOF_SECRET, PROOF_C);

        assertThat(Dleq.check(proof, G)).isEqualTo(DleqVerdict.ABSENT);
    }

    @Test
    void proofsFromTheTestMintVerifyForTheReceiver() {
        SecureRandom random = new SecureRandom();
        Scalar a = Scalar.random(random);
        Scalar r = Scalar.random(random);
        String secret = HexFormat.of().formatHex(Scalar.random(random).toBytes());
        CurvePoint blinded = Bdhke.blindSecret(secret, r);
        CurvePoint blindSignature = Bdhke.sign(a, blinded);

        DleqProof mintProof = Dleq.prove(a, blinded);
        CurvePoint signature = Bdhke.unblind(blindSignature, r, a.publicKey());
        Proof proof = Proof.of(4, KeysetId.of("00882760bfa2eb41"), secret, signature.toHex())
                .withDleq(mintProof.withBlindingFactor(r));

        assertThat(Dleq.verify(a.publicKey(), blinded, blindSignature, mintProof))
                .isTrue();
        assertThat(Dleq.check(proof, a.publicKey())).isEqualTo(DleqVerdict.VALID);
    }
}
