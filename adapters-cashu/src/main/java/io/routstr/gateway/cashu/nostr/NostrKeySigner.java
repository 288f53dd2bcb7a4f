package io.routstr.gateway.cashu.nostr;

import io.routstr.gateway.application.port.out.NostrSignerPort;
import io.routstr.gateway.cashu.crypto.Scalar;
import io.routstr.gateway.cashu.crypto.SchnorrSignature;
import io.routstr.gateway.cashu.lnurl.Bech32;
import io.routstr.gateway.domain.nostr.NostrEvent;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The node's Nostr key: {@code NSEC} as NIP-19 {@code nsec1…} or 64 hex characters; the x-only public key and its
 * {@code npub1…} derived from it; events signed with the wallet's BIP-340 Schnorr code (the same that signs NUT-20
 * quote locks). Without a key nothing is signed.
 */
public final class NostrKeySigner implements NostrSignerPort {

    private static final HexFormat HEX = HexFormat.of();

    private final Scalar secret;
    private final String publicKeyHex;

    private NostrKeySigner(Scalar secret) {
        this.secret = secret;
        this.publicKeyHex = secret == null ? "" : HEX.formatHex(xOnly(secret));
    }

    /** A signer for {@code nsec} (blank: none); anything else than a valid key stops the start with a clear message. */
    public static NostrKeySigner of(String nsec) {
        if (nsec == null || nsec.isBlank()) {
            return new NostrKeySigner(null);
        }
        return new NostrKeySigner(parse(nsec.strip()));
    }

    /** A fresh secret key, uniformly drawn below the curve order, as 64 hex characters (for the key's store). */
    public static String generateSecretKeyHex(SecureRandom random) {
        return HEX.formatHex(Scalar.random(random).toBytes());
    }

    static Scalar parse(String nsec) {
        if (nsec.matches("[0-9a-fA-F]{64}")) {
            return Scalar.fromHex(nsec.toLowerCase(Locale.ROOT));
        }
        Optional<byte[]> bytes = Bech32.decode(nsec)
                .filter(d -> d.hrp().equals("nsec"))
                .flatMap(d -> Bech32.toBytes(d.words()))
                .filter(b -> b.length == 32);
        if (bytes.isEmpty()) {
            throw new IllegalArgumentException("NSEC is neither an nsec1… key (NIP-19) nor 64 hex characters");
        }
        return Scalar.fromBytes(bytes.get());
    }

    @Override
    public boolean configured() {
        return secret != null;
    }

    @Override
    public String publicKeyHex() {
        requireKey();
        return publicKeyHex;
    }

    @Override
    public String npub() {
        requireKey();
        return Bech32.encode("npub", Bech32.toWords(HEX.parseHex(publicKeyHex)));
    }

    @Override
    public NostrEvent sign(NostrEvent unsigned) {
        requireKey();
        if (!unsigned.pubkey().equals(publicKeyHex)) {
            throw new IllegalArgumentException("the event names another pubkey than this key's");
        }
        return unsigned.signed(HEX.formatHex(SchnorrSignature.sign(secret, unsigned.idBytes())));
    }

    private void requireKey() {
        if (secret == null) {
            throw new IllegalStateException("no Nostr key is configured (NSEC)");
        }
    }

    /** BIP-340 public key: the x coordinate of {@code secret·G}, from the compressed SEC1 encoding. */
    private static byte[] xOnly(Scalar secret) {
        byte[] compressed = secret.publicKey().toCompressed();
        return Arrays.copyOfRange(compressed, 1, 33);
    }

    @Override
    public String toString() {
        return "NostrKeySigner[" + (secret == null ? "none" : publicKeyHex) + "]";
    }
}
