package io.routstr.gateway.cashu.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * NUT-20 mint-quote locks: the wallet asks for a quote with a public key, and the mint then issues the quote's ecash
 * only against a BIP-340 signature by that key. A quote id alone (in a log, a response, a client's hands) so no longer
 * lets anyone mint the ecash the node was paid for.
 */
public final class QuoteLock {

    private static final int PURPOSE = 129373;
    private static final int QUOTE_LOCKS = 20;
    private static final byte[] V1_TAG = "Cashu_MintQuoteSig_v1".getBytes(StandardCharsets.US_ASCII);

    /** One output of a mint request, as the v1 message commits to it. */
    public record Output(long amount, CurvePoint blinded) {}

    private QuoteLock() {}

    /**
     * The lock key NUT-20 derives from the wallet seed, {@code m/129373'/20'/0'/0'/counter}, so a restored wallet can
     * still mint its paid quotes.
     */
    public static Scalar key(WalletSeed seed, int counter) {
        if (counter < 0) {
            throw new IllegalArgumentException("a quote-lock counter is not negative");
        }
        return Bip32.derive(
                seed.bytes(),
                PURPOSE | Bip32.HARDENED,
                QUOTE_LOCKS | Bip32.HARDENED,
                Bip32.HARDENED,
                Bip32.HARDENED,
                counter);
    }

    /**
     * The signature of a mint request as NUT-20 wallets and mints compute it today (cashu-ts {@code signMintQuote} and
     * {@code verifyMintQuoteSignature}): BIP-340 over sha256 of the quote id followed by each output's {@code B_} in
     * hex, in request order. Lowercase hex, 64 bytes.
     */
    public static String sign(Scalar key, String quoteId, List<CurvePoint> outputs) {
        StringBuilder message = new StringBuilder(quoteId);
        for (CurvePoint output : outputs) {
            message.append(output.toHex());
        }
        byte[] digest = Hashes.sha256(message.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(SchnorrSignature.sign(key, digest));
    }

    /**
     * The signature over the NUT's newer {@code Cashu_MintQuoteSig_v1} message: the tag, then the quote id and each
     * output's amount (minimal big-endian) and {@code B_} (compressed), each prefixed with its 4-byte length. For a
     * mint that refuses the form above.
     */
    public static String signV1(Scalar key, String quoteId, List<Output> outputs) {
        return HexFormat.of().formatHex(SchnorrSignature.sign(key, v1Digest(quoteId, outputs)));
    }

    static byte[] v1Digest(String quoteId, List<Output> outputs) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(V1_TAG);
        lengthPrefixed(message, quoteId.getBytes(StandardCharsets.UTF_8));
        for (Output output : outputs) {
            lengthPrefixed(message, minimalBigEndian(output.amount()));
            lengthPrefixed(message, output.blinded().toCompressed());
        }
        return Hashes.sha256(message.toByteArray());
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static byte[] minimalBigEndian(long amount) {
        if (amount == 0) {
            return new byte[0];
        }
        byte[] raw = BigInteger.valueOf(amount).toByteArray();
        // BigInteger adds a zero sign byte when the top bit is set; the canonical form has no leading zero.
        return raw[0] == 0 ? java.util.Arrays.copyOfRange(raw, 1, raw.length) : raw;
    }
}
