package io.routstr.gateway.cashu.crypto;

import io.routstr.gateway.application.port.out.MintPort.BlindSignature;
import io.routstr.gateway.application.port.out.MintPort.BlindedMessage;
import io.routstr.gateway.application.port.out.WalletCryptoPort;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.QuoteId;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapter: {@link WalletCryptoPort} over this package's secp256k1 code: BIP39 and NUT-13 derivation
 * ({@link Bip39}, {@link WalletSeed}, {@link DeterministicSecrets}), BDHKE ({@link Bdhke}), NUT-12 DLEQ checks
 * ({@link Dleq}) and NUT-20 quote locks ({@link QuoteLock}).
 */
public final class CashuCryptoAdapter implements WalletCryptoPort {

    /** The one NUT-20 lock key of a node is at counter 0: a node is one client to its mint. */
    private static final int QUOTE_LOCK_COUNTER = 0;

    /**
     * Mint public keys decoded once (with BouncyCastle's arithmetic a decoded point also keeps its precomputed
     * multiples, so the next unblinding or DLEQ check with the same key reuses them). A mint has a few dozen keys per
     * keyset; the cache starts again past {@value #MAX_CACHED_KEYS} (keys of many keysets).
     */
    private static final Map<String, CurvePoint> MINT_KEYS = new ConcurrentHashMap<>();

    private static final int MAX_CACHED_KEYS = 4_096;

    private final SecureRandom random;

    public CashuCryptoAdapter(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Which secp256k1 arithmetic runs in this process: {@code libsecp256k1} or {@code BouncyCastle}. */
    public static String curveArithmetic() {
        return Secp256k1.ARITHMETIC.name();
    }

    @Override
    public String newMnemonic() {
        return Bip39.generate(random, 24);
    }

    @Override
    public Seed seed(String mnemonic) {
        return new Seed(WalletSeed.fromMnemonic(mnemonic, "").bytes());
    }

    @Override
    public List<Output> deriveOutputs(Seed seed, KeysetId keysetId, long firstCounter, List<Long> amounts) {
        WalletSeed walletSeed = WalletSeed.of(seed.bytes());
        List<Output> outputs = new ArrayList<>(amounts.size());
        for (int i = 0; i < amounts.size(); i++) {
            long counter = firstCounter + i;
            DerivedSecret secret = DeterministicSecrets.derive(walletSeed, keysetId, counter);
            outputs.add(new Output(
                    amounts.get(i),
                    keysetId,
                    counter,
                    secret.secret(),
                    secret.r().toHex(),
                    secret.blindedMessage().toHex()));
        }
        return outputs;
    }

    @Override
    public Unblinded unblind(Output output, BlindSignature signature, String mintKey) {
        CurvePoint key = mintKey(mintKey);
        CurvePoint signed = CurvePoint.fromHex(signature.signature());
        Scalar r = Scalar.fromHex(output.r());
        if (signature.dleq().isPresent()) {
            DleqProof dleq = DleqProof.fromHex(
                    signature.dleq().get().e(), signature.dleq().get().s());
            // NUT-12: a wallet must verify the DLEQ proof it is given; an invalid one means an unusable signature.
            if (!Dleq.verify(key, CurvePoint.fromHex(output.blinded()), signed, dleq)) {
                return new Unblinded.InvalidDleq();
            }
            Proof proof = Proof.of(
                            signature.amount(),
                            signature.keysetId(),
                            output.secret(),
                            Bdhke.unblind(signed, r, key).toHex())
                    .withDleq(dleq.withBlindingFactor(r));
            return new Unblinded.Signed(proof);
        }
        return new Unblinded.Signed(Proof.of(
                signature.amount(),
                signature.keysetId(),
                output.secret(),
                Bdhke.unblind(signed, r, key).toHex()));
    }

    @Override
    public String y(String secret) {
        return Bdhke.hashSecret(secret).toHex();
    }

    @Override
    public DleqVerdict checkDleq(Proof proof, String mintKey) {
        return switch (Dleq.check(proof, mintKey(mintKey))) {
            case VALID -> DleqVerdict.VALID;
            case ABSENT -> DleqVerdict.ABSENT;
            case INVALID -> DleqVerdict.INVALID;
        };
    }

    @Override
    public String quoteLockKey(Seed seed) {
        return QuoteLock.key(WalletSeed.of(seed.bytes()), QUOTE_LOCK_COUNTER)
                .publicKey()
                .toHex();
    }

    @Override
    public String signMintRequest(Seed seed, QuoteId quoteId, List<BlindedMessage> outputs, boolean v1) {
        Scalar key = QuoteLock.key(WalletSeed.of(seed.bytes()), QUOTE_LOCK_COUNTER);
        return v1
                ? QuoteLock.signV1(
                        key,
                        quoteId.value(),
                        outputs.stream()
                                .map(o -> new QuoteLock.Output(o.amount(), CurvePoint.fromHex(o.blinded())))
                                .toList())
                : QuoteLock.sign(
                        key,
                        quoteId.value(),
                        outputs.stream()
                                .map(o -> CurvePoint.fromHex(o.blinded()))
                                .toList());
    }

    private static CurvePoint mintKey(String hex) {
        CurvePoint cached = MINT_KEYS.get(hex);
        if (cached != null) {
            return cached;
        }
        CurvePoint decoded = CurvePoint.fromHex(hex);
        if (MINT_KEYS.size() >= MAX_CACHED_KEYS) {
            MINT_KEYS.clear();
        }
        MINT_KEYS.put(hex, decoded);
        return decoded;
    }
}
