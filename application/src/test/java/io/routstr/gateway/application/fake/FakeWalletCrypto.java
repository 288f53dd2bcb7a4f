package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.MintPort.BlindSignature;
import io.routstr.gateway.application.port.out.MintPort.BlindedMessage;
import io.routstr.gateway.application.port.out.WalletCryptoPort;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.QuoteId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory {@link WalletCryptoPort}: deterministic hashing instead of elliptic curves, consistent with
 * {@link InMemoryMint}. What the wallet relies on holds: the same seed, keyset and counter give the same output
 * (NUT-13, so restore finds it again), a signature unblinds into a proof the mint accepts, and {@code Y} is a function
 * of the secret. In this scheme a keyset's "public" key is also its signing key, so it proves nothing about security;
 * the real curve arithmetic is tested in adapters-cashu.
 */
public final class FakeWalletCrypto implements WalletCryptoPort {

    private static final HexFormat HEX = HexFormat.of();
    private final AtomicLong mnemonics = new AtomicLong();

    @Override
    public String newMnemonic() {
        return "fake mnemonic " + mnemonics.incrementAndGet() + " " + System.nanoTime();
    }

    @Override
    public Seed seed(String mnemonic) {
        return new Seed(sha256("seed", mnemonic));
    }

    @Override
    public List<Output> deriveOutputs(Seed seed, KeysetId keysetId, long firstCounter, List<Long> amounts) {
        String seedHex = HEX.formatHex(seed.bytes());
        List<Output> outputs = new ArrayList<>();
        for (int i = 0; i < amounts.size(); i++) {
            long counter = firstCounter + i;
            String secret = hex("secret", seedHex, keysetId.value(), Long.toString(counter));
            String r = hex("r", seedHex, keysetId.value(), Long.toString(counter));
            outputs.add(new Output(amounts.get(i), keysetId, counter, secret, r, blinded(secret, r)));
        }
        return List.copyOf(outputs);
    }

    @Override
    public Unblinded unblind(Output output, BlindSignature signature, String mintKey) {
        // The fake's "DLEQ check": the signature must be the one the key makes on this output.
        if (!blindSignature(mintKey, output.blinded()).equals(signature.signature())) {
            return new Unblinded.InvalidDleq();
        }
        return new Unblinded.Signed(Proof.of(
                signature.amount(), signature.keysetId(), output.secret(), signature(mintKey, output.secret())));
    }

    @Override
    public String y(String secret) {
        return point("Y", secret);
    }

    @Override
    public DleqVerdict checkDleq(Proof proof, String mintKey) {
        if (proof.dleq().isEmpty()) {
            return DleqVerdict.ABSENT;
        }
        return proof.c().equals(signature(mintKey, proof.secret())) ? DleqVerdict.VALID : DleqVerdict.INVALID;
    }

    @Override
    public String quoteLockKey(Seed seed) {
        return point("lock", HEX.formatHex(seed.bytes()));
    }

    @Override
    public String signMintRequest(Seed seed, QuoteId quoteId, List<BlindedMessage> outputs, boolean v1) {
        return mintRequestSignature(quoteLockKey(seed), quoteId, outputs, v1);
    }

    /** {@code B_} of an output: what the mint sees, from which it cannot tell the secret. */
    static String blinded(String secret, String r) {
        return point("B_", secret, r);
    }

    /** {@code C_}: the mint's signature with {@code key} on {@code B_}. */
    static String blindSignature(String key, String blinded) {
        return point("C_", key, blinded);
    }

    /** {@code C}: the unblinded signature with {@code key} on a secret, which the mint checks when it is spent. */
    static String signature(String key, String secret) {
        return point("C", key, secret);
    }

    /** The NUT-20 signature the holder of {@code lockKey}'s seed makes; the fake mint checks it with the key alone. */
    static String mintRequestSignature(String lockKey, QuoteId quoteId, List<BlindedMessage> outputs, boolean v1) {
        List<String> parts =
                new ArrayList<>(List.of("quote-signature", lockKey, quoteId.value(), Boolean.toString(v1)));
        outputs.forEach(o -> parts.add(o.blinded()));
        return hex(parts.toArray(String[]::new)) + hex(parts.toArray(String[]::new));
    }

    /** A hex string shaped like a compressed curve point ({@code 02} + 32 bytes). */
    static String point(String... parts) {
        return "02" + hex(parts);
    }

    static String hex(String... parts) {
        return HEX.formatHex(sha256(parts));
    }

    private static byte[] sha256(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
