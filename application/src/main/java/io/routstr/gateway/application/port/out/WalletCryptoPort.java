package io.routstr.gateway.application.port.out;

import io.routstr.gateway.application.port.out.MintPort.BlindSignature;
import io.routstr.gateway.application.port.out.MintPort.BlindedMessage;
import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.QuoteId;
import java.util.List;
import java.util.Objects;

/**
 * Port: the wallet's Cashu cryptography. Outputs are derived from the wallet's seed at journalled counters (NUT-13),
 * so a lost mint answer can be restored (NUT-09); signatures are unblinded after checking their DLEQ proofs (NUT-12);
 * a proof's state is asked by its {@code Y = hash_to_curve(secret)} (NUT-07). The seed is opened once from the
 * mnemonic and held as a {@link Seed} whose bytes never leave the adapter's use; secrets and {@code r} never logged.
 */
public interface WalletCryptoPort {

    /** The wallet's NUT-13 seed (BIP39 seed of the mnemonic, no passphrase). */
    final class Seed {
        private final byte[] bytes;

        public Seed(byte[] bytes) {
            this.bytes = Objects.requireNonNull(bytes, "seed").clone();
        }

        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "Seed[redacted]";
        }
    }

    /**
     * An output derived from the seed at {@code counter}: its secret, blinding factor {@code r} (hex) and {@code B_}.
     */
    record Output(long amount, KeysetId keysetId, long counter, String secret, String r, String blinded) {
        public Output {
            Components.requireNonNull(Output.class, keysetId, secret, r, blinded);
        }

        /** What is sent to the mint for this output. */
        public BlindedMessage message() {
            return new BlindedMessage(amount, keysetId, blinded);
        }

        @Override
        public String toString() {
            return "Output[amount=" + amount + ", keysetId=" + keysetId + ", counter=" + counter + "]";
        }
    }

    /** The result of unblinding one signature. */
    sealed interface Unblinded {
        /** The proof, with its DLEQ proof and {@code r} kept when the mint sent one. */
        record Signed(Proof proof) implements Unblinded {}

        /** The mint's DLEQ proof does not verify against its key: the signature cannot be used. */
        record InvalidDleq() implements Unblinded {}
    }

    /** Whether a received proof's DLEQ proof (NUT-12) verifies; a missing one is not an error. */
    enum DleqVerdict {
        VALID,
        ABSENT,
        INVALID
    }

    /** A fresh 24-word BIP39 mnemonic for a new wallet. */
    String newMnemonic();

    /** The NUT-13 seed of {@code mnemonic}. */
    Seed seed(String mnemonic);

    /** One output per amount at counters {@code firstCounter}, {@code firstCounter + 1}, … of {@code keysetId}. */
    List<Output> deriveOutputs(Seed seed, KeysetId keysetId, long firstCounter, List<Long> amounts);

    /** Unblinds {@code signature} on {@code output} with the mint's key {@code mintKey} (hex) for its amount. */
    Unblinded unblind(Output output, BlindSignature signature, String mintKey);

    /** {@code Y} of a proof's secret (hex), the key of its NUT-07 state. */
    String y(String secret);

    /** Checks a received proof's DLEQ proof against the mint's key {@code mintKey} (hex) for its amount. */
    DleqVerdict checkDleq(Proof proof, String mintKey);

    /** The NUT-20 public key (hex) this wallet locks its mint quotes to, derived from the seed. */
    String quoteLockKey(Seed seed);

    /** The NUT-20 signature of a mint request; {@code v1} selects the NUT's newer message. */
    String signMintRequest(Seed seed, QuoteId quoteId, List<BlindedMessage> outputs, boolean v1);
}
