package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Port: the wallet's operation journal and its NUT-13 keyset counters. An operation is opened before anything is
 * sent to a mint; its outputs' counter range is reserved (and the keyset counter advanced) in one transaction before
 * the outputs are derived, so a crash at any later point can re-derive them and restore them (NUT-09).
 */
public interface WalletJournalPort {

    /**
     * Runs {@code work}, calls of this journal and of the wallet's proof store (one database), as one transaction: they
     * commit together, or not at all when {@code keep} refuses the result or the work throws. Never a mint call inside
     * (the write-ahead rule: what leads up to a mint call commits before it, what follows its answer after). A store
     * without transactions (a test's in-memory one) runs the work as it is, each call standing alone.
     */
    default <T> T inOneTransaction(Supplier<T> work, Predicate<? super T> keep) {
        return work.get();
    }

    /** Records a new operation in state {@code PREPARED}. */
    void open(Operation operation);

    /**
     * {@link #open} and {@link #reserveOutputs} as one step, for an operation that knows its outputs before it claims
     * anything (a redemption): the operation is recorded {@code IN_FLIGHT} with {@code count} outputs of
     * {@code keysetId} reserved, at its creation time. A database does it in one statement.
     */
    default OutputRange openWithOutputs(Operation operation, KeysetId keysetId, int count) {
        open(operation);
        return reserveOutputs(operation.id(), keysetId, count, operation.createdAt());
    }

    /**
     * Advances {@code keysetId}'s counter by {@code count} and records the range on a {@code PREPARED} operation, which
     * becomes {@code IN_FLIGHT}. Throws {@link IllegalStateException} if the operation is not {@code PREPARED}.
     */
    OutputRange reserveOutputs(UUID operationId, KeysetId keysetId, int count, Instant now);

    /** Marks a {@code PREPARED} operation {@code IN_FLIGHT} without outputs (a melt with no fee reserve). */
    boolean markInFlight(UUID operationId, Instant now);

    /**
     * Finishes an unfinished operation with {@code state} and the amount it settled (credited, sent, paid or minted,
     * in its unit); false if it was already finished.
     */
    boolean finish(UUID operationId, OperationState state, long settledAmount, Instant now);

    /**
     * {@link #open} and {@link #finish} as one step, for an operation that begins and ends in one transaction with no
     * mint call between (a send whose claimed proofs make the token): recorded in {@code state} with the amount it
     * settled. A database does it in one statement.
     */
    default void recordFinished(Operation operation, OperationState state, long settledAmount, Instant now) {
        if (!state.isFinal()) {
            throw new IllegalArgumentException("record with a final state");
        }
        open(operation);
        finish(operation.id(), state, settledAmount, now);
    }

    Optional<Operation> find(UUID operationId);

    /**
     * The mint operations this wallet ran for one NUT-04 quote, newest first: how minting a quote stays idempotent
     * across crashes (a quote minted before is answered from here, never minted twice).
     */
    List<Operation> findMintsOfQuote(MintUrl mint, QuoteId quoteId);

    /** The redemptions this wallet ran for the token with {@code fingerprint}, newest first. */
    List<Operation> findReceivesOf(TokenFingerprint fingerprint);

    /**
     * Unfinished operations last touched before {@code olderThan}, leased to the caller by touching them now; another
     * instance running recovery at the same time gets other ones.
     */
    List<Operation> claimStale(Instant olderThan, Instant now, int limit);

    /** The next unused counter of a keyset (0 for a keyset never used). */
    long nextCounter(KeysetId keysetId);

    /** What an operation does. */
    enum OperationKind {
        RECEIVE,
        SEND,
        MELT,
        MINT
    }

    /** Life of an operation: the last three are final. */
    enum OperationState {
        PREPARED,
        IN_FLIGHT,
        COMPLETED,
        FAILED,
        RECOVERED;

        public boolean isFinal() {
            return this == COMPLETED || this == FAILED || this == RECOVERED;
        }
    }

    /** NUT-13 counters {@code [first, first + count)} of a keyset, reserved for one operation's outputs. */
    record OutputRange(KeysetId keysetId, long first, int count) {
        public OutputRange {
            Objects.requireNonNull(keysetId, "keyset id");
            if (first < 0 || count <= 0) {
                throw new IllegalArgumentException("a range starts at 0 or later and is not empty");
            }
        }
    }

    /**
     * A journalled wallet operation. {@code quoteId} names the NUT-04/05 quote of a mint or melt (a bearer secret);
     * {@code fingerprint} names the redeemed token.
     */
    record Operation(
            UUID id,
            OperationKind kind,
            MintUrl mint,
            CurrencyUnit unit,
            OperationState state,
            Optional<OutputRange> outputs,
            Optional<QuoteId> quoteId,
            Optional<TokenFingerprint> fingerprint,
            long settledAmount,
            Instant createdAt,
            Instant updatedAt) {
        public Operation {
            Components.requireNonNull(
                    Operation.class, id, kind, mint, unit, state, outputs, quoteId, fingerprint, createdAt, updatedAt);
            if (settledAmount < 0) {
                throw new IllegalArgumentException("a settled amount is not negative");
            }
        }

        /** A new {@code PREPARED} operation. */
        public static Operation prepare(
                UUID id,
                OperationKind kind,
                MintUrl mint,
                CurrencyUnit unit,
                Optional<QuoteId> quoteId,
                Optional<TokenFingerprint> fingerprint,
                Instant now) {
            return new Operation(
                    id, kind, mint, unit, OperationState.PREPARED, Optional.empty(), quoteId, fingerprint, 0, now, now);
        }

        @Override
        public String toString() {
            return "Operation[id=" + id + ", kind=" + kind + ", mint=" + mint + ", unit=" + unit + ", state=" + state
                    + ", outputs=" + outputs + "]";
        }
    }
}
