package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Port: the wallet's proofs and the tokens it handed out. Proofs move {@code UNSPENT → PENDING → SPENT} (or back to
 * {@code UNSPENT}) by compare-and-set on their state and operation, so several node instances can share one store
 * without two operations ever taking the same proof. A proof is known by {@code Y = hash_to_curve(secret)} (NUT-07).
 */
public interface WalletProofStorePort {

    /** Stores proofs this wallet owns as {@code UNSPENT}; a proof already stored (same {@code Y}) is left as it is. */
    int addUnspent(MintUrl mint, CurrencyUnit unit, List<NewProof> proofs, Instant now);

    /**
     * Records a client's proofs as {@code PENDING} under {@code operationId} before they are swapped, all or none: if
     * any of them is already stored, nothing is stored and the operation holding it is returned. An own proof already
     * {@code SPENT} (handed out in a token that now comes back, such as change) does not conflict: it is taken over. The same proof twice
     * in {@code proofs} is a caller's bug ({@link IllegalArgumentException}).
     */
    IncomingClaim claimIncoming(UUID operationId, MintUrl mint, CurrencyUnit unit, List<NewProof> proofs, Instant now);

    /**
     * Moves the {@code UNSPENT} proofs of {@code mint}/{@code unit} that {@code selector} picks to {@code PENDING} under
     * {@code operationId}. Proofs another transaction is claiming are skipped, not waited for. Returns the claimed
     * proofs (empty if the selector picked none).
     */
    List<StoredProof> claim(UUID operationId, MintUrl mint, CurrencyUnit unit, ProofSelector selector, Instant now);

    /** {@code PENDING} under {@code operationId} → {@code SPENT}; returns how many moved. */
    int markSpent(UUID operationId, List<String> ys, Instant now);

    /**
     * What a swap the mint signed leaves behind: {@code fresh} stored as {@code UNSPENT} (as {@link #addUnspent}) and
     * the operation's {@code PENDING} inputs {@code spent} moved to {@code SPENT} (as {@link #markSpent}), in one
     * transaction, so that the wallet is never seen holding both or neither. Returns how many inputs moved.
     */
    default int settleSwap(
            UUID operationId, MintUrl mint, CurrencyUnit unit, List<NewProof> fresh, List<String> spent, Instant now) {
        addUnspent(mint, unit, fresh, now);
        return markSpent(operationId, spent, now);
    }

    /** {@code PENDING} under {@code operationId} → {@code UNSPENT} (own proofs) ; returns how many moved. */
    int release(UUID operationId, List<String> ys, Instant now);

    /** Drops a client's proofs that a failed redemption recorded: they were never this wallet's. */
    int forgetIncoming(UUID operationId);

    /**
     * Stores a token handed out, and marks the proofs it carries {@code SPENT} (inserting them if they are new), in
     * one transaction: a token exists in the store before anyone receives it. A carried proof already stored must be
     * {@code PENDING} under the token's operation ({@link IllegalStateException} otherwise, and nothing is stored).
     */
    void recordOutgoing(OutgoingToken token, List<NewProof> proofs, Instant now);

    /**
     * What a send leaves behind once its swap was signed (or, with nothing swapped, once its proofs were claimed), in
     * one transaction: the swap's change {@code kept} stored as {@code UNSPENT}, the token recorded as by
     * {@link #recordOutgoing}, and the operation's swapped {@code PENDING} inputs {@code spent} moved to {@code SPENT}.
     */
    default void recordOutgoingAfterSwap(
            OutgoingToken token, List<NewProof> carried, List<NewProof> kept, List<String> spent, Instant now) {
        addUnspent(token.mint(), token.unit(), kept, now);
        recordOutgoing(token, carried, now);
        markSpent(token.operationId(), spent, now);
    }

    Optional<OutgoingToken> findOutgoing(UUID tokenId);

    /** The newest token handed out under {@code reference}, if any. */
    Optional<OutgoingToken> findOutgoingByReference(String reference);

    List<StoredProof> byOperation(UUID operationId);

    /** Proofs of {@code mint}/{@code unit} in {@code state}, own proofs only. */
    List<StoredProof> inState(MintUrl mint, CurrencyUnit unit, ProofState state);

    /** Totals of own {@code UNSPENT} and {@code PENDING} proofs per mint and unit. */
    List<Holding> holdings();

    /** Picks proofs to claim from candidates (all {@code UNSPENT}, largest first); pure, may be called in a transaction. */
    @FunctionalInterface
    interface ProofSelector {
        List<StoredProof> select(List<StoredProof> candidates);

        /**
         * The amount the selection pays, if it pays one. A store may then offer only the first {@code amount / a + 2}
         * candidates of each amount {@code a} up to it and the first 2 of each larger amount (in its usual order): an
         * exact pass takes no more than {@code amount / a} of any amount, and a covering pass rarely more. When the
         * selection from those comes back empty, the store offers every candidate. Empty: every candidate at once.
         */
        default OptionalLong amount() {
            return OptionalLong.empty();
        }
    }

    /** Where a proof is in its life. */
    enum ProofState {
        UNSPENT,
        PENDING,
        SPENT
    }

    /** A proof to store with its NUT-07 {@code Y} (compressed point hex). */
    record NewProof(Proof proof, String y) {
        private static final Pattern POINT = Pattern.compile("0[23][0-9a-f]{64}");

        public NewProof {
            Objects.requireNonNull(proof, "proof");
            Objects.requireNonNull(y, "Y");
            if (!POINT.matcher(y).matches()) {
                throw new IllegalArgumentException("Y is a compressed point in lowercase hex");
            }
        }
    }

    /** A stored proof; {@code incoming} marks a client's proof recorded for a redemption. */
    record StoredProof(
            Proof proof,
            String y,
            MintUrl mint,
            CurrencyUnit unit,
            ProofState state,
            Optional<UUID> operationId,
            boolean incoming) {
        public StoredProof {
            Components.requireNonNull(StoredProof.class, proof, y, mint, unit, state, operationId);
        }

        public long amount() {
            return proof.amount();
        }
    }

    /** Result of {@link #claimIncoming}. */
    sealed interface IncomingClaim {
        record Claimed() implements IncomingClaim {}

        /** Some proof is already stored: under {@code holder}, or as this wallet's own proof when empty. */
        record Conflict(Optional<UUID> holder) implements IncomingClaim {}
    }

    /** A token the wallet handed out: bearer money until the recipient swaps it. */
    record OutgoingToken(
            UUID id,
            UUID operationId,
            MintUrl mint,
            CurrencyUnit unit,
            long amount,
            String token,
            String reference,
            Instant createdAt) {
        public OutgoingToken {
            Components.requireNonNull(OutgoingToken.class, id, operationId, mint, unit, token, reference, createdAt);
            if (amount <= 0) {
                throw new IllegalArgumentException("a token is worth something");
            }
        }

        @Override
        public String toString() {
            return "OutgoingToken[id=" + id + ", mint=" + mint + ", unit=" + unit + ", amount=" + amount + "]";
        }
    }

    /** Own proof totals of a mint and unit, in that unit. */
    record Holding(MintUrl mint, CurrencyUnit unit, long unspent, long pending) {}
}
