package io.routstr.gateway.cashu.crypto;

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
}
