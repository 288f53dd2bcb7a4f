package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Port: a Cashu mint's HTTP API (NUT-01 to NUT-09, NUT-20) as the wallet's jobs call it, typed and without JSON. Every
 * call answers a {@link Call}: {@link Call.Unreachable} means the request certainly had no effect, while
 * {@link Call.OutcomeUnknown} means the mint may have acted (a swap, mint or melt is then settled by restore and
 * checkstate). Points ({@code B_}, {@code C_}, {@code K}) are compressed secp256k1 points in hex. Quote ids are bearer
 * secrets until used: never log them.
 */
public interface MintPort {

    /** The result of one call to a mint. */
    sealed interface Call<T> {
        record Ok<T>(T value) implements Call<T> {
            public Ok {
                Objects.requireNonNull(value, "value");
            }
        }

        /** The mint answered and refused: nothing happened there. */
        record Rejected<T>(Refusal refusal) implements Call<T> {
            public Rejected {
                Objects.requireNonNull(refusal, "refusal");
            }
        }

        /** The request never reached the mint. */
        record Unreachable<T>(String reason) implements Call<T> {}

        /** The mint may have processed the request. */
        record OutcomeUnknown<T>(String reason) implements Call<T> {}

        /**
         * The same result with an {@link Ok} value transformed; a value that cannot be read is an {@link
         * OutcomeUnknown}: the mint answered success, so it processed the request (a swap may have spent the inputs and
         * signed the outputs), and only recovery may tell what became of it. The other results carry over as they are.
         */
        default <R> Call<R> map(Function<? super T, ? extends R> mapper) {
            return switch (this) {
                case Ok<T> ok -> {
                    try {
                        yield new Ok<>(mapper.apply(ok.value()));
                    } catch (RuntimeException malformed) {
                        yield new OutcomeUnknown<>("the mint's answer could not be read: " + malformed.getMessage());
                    }
                }
                case Rejected<T> rejected -> new Rejected<>(rejected.refusal());
                case Unreachable<T> unreachable -> new Unreachable<>(unreachable.reason());
                case OutcomeUnknown<T> unknown -> new OutcomeUnknown<>(unknown.reason());
            };
        }
    }

    /** Why a mint refused, by its NUT error code; {@code detail} is the mint's text, for logs only. */
    record Refusal(RefusalKind kind, int code, String detail) {
        public Refusal {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Stable meaning of a mint's refusal (its NUT error code); match on these, never on the detail text. */
    enum RefusalKind {
        VERIFICATION_FAILED,
        ALREADY_SPENT,
        PROOFS_PENDING,
        OUTPUTS_ALREADY_SIGNED,
        OUTPUTS_PENDING,
        UNBALANCED,
        AMOUNT_OUT_OF_RANGE,
        DUPLICATE_INPUTS,
        DUPLICATE_OUTPUTS,
        UNIT_MISMATCH,
        UNKNOWN_KEYSET,
        INACTIVE_KEYSET,
        QUOTE_NOT_PAID,
        QUOTE_ALREADY_ISSUED,
        QUOTE_PENDING,
        QUOTE_EXPIRED,
        QUOTE_NOT_FOUND,
        LIGHTNING_PAYMENT_FAILED,
        INVOICE_ALREADY_PAID,
        MINTING_DISABLED,
        RATE_LIMITED,
        /** NUT-20: the quote is locked and the request's signature is missing or not valid. */
        QUOTE_SIGNATURE_INVALID,
        OTHER
    }

    /** An output: {@code B_} for an amount of a keyset (NUT-00 BlindedMessage). */
    record BlindedMessage(long amount, KeysetId keysetId, String blinded) {
        public BlindedMessage {
            Objects.requireNonNull(keysetId, "keyset id");
            Objects.requireNonNull(blinded, "B_");
        }
    }

    /** The mint's signature {@code C_} on an output, with its NUT-12 DLEQ proof ({@code e}, {@code s} in hex) if sent. */
    record BlindSignature(long amount, KeysetId keysetId, String signature, Optional<SignatureDleq> dleq) {
        public BlindSignature {
            Objects.requireNonNull(keysetId, "keyset id");
            Objects.requireNonNull(signature, "C_");
            Objects.requireNonNull(dleq, "dleq");
        }
    }

    /** A NUT-12 DLEQ proof of a blind signature: 32-byte big-endian {@code e} and {@code s} in hex. */
    record SignatureDleq(String e, String s) {
        public SignatureDleq {
            Objects.requireNonNull(e, "e");
            Objects.requireNonNull(s, "s");
        }
    }

    /** A keyset as {@code GET /v1/keysets} lists it (NUT-02). */
    record KeysetInfo(KeysetId id, CurrencyUnit unit, boolean active, long inputFeePpk, OptionalLong finalExpiry) {}

    /** A keyset with its public keys {@code K} by amount, its id checked against the keys (NUT-02). */
    record MintKeyset(KeysetId id, CurrencyUnit unit, boolean active, long inputFeePpk, Map<Long, String> keys) {
        public MintKeyset {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(unit, "unit");
            keys = Map.copyOf(keys);
        }

        public Optional<String> key(long amount) {
            return Optional.ofNullable(keys.get(amount));
        }
    }

    /**
     * A NUT-04 bolt11 mint quote; {@code quote} is a bearer secret until minted. {@code paymentHash} is the invoice's
     * (hex), read by the adapter that knows the bolt11 format.
     */
    record MintQuoteInfo(
            QuoteId quote,
            String request,
            Optional<String> paymentHash,
            long amount,
            CurrencyUnit unit,
            String state) {}

    /** A NUT-05 bolt11 melt quote, with the NUT-08 change once paid. */
    record MeltQuoteInfo(
            QuoteId quote,
            long amount,
            long feeReserve,
            String state,
            Optional<String> preimage,
            List<BlindSignature> change) {
        public MeltQuoteInfo {
            change = List.copyOf(change);
        }
    }

    /** NUT-07 state of one proof ({@code UNSPENT}, {@code PENDING} or {@code SPENT}), by its {@code Y}. */
    record ProofStateInfo(String y, String state) {}

    /** NUT-09: the outputs the mint had signed, with their signatures, in matching order. */
    record Restored(List<BlindedMessage> outputs, List<BlindSignature> signatures) {
        public Restored {
            outputs = List.copyOf(outputs);
            signatures = List.copyOf(signatures);
            if (outputs.size() != signatures.size()) {
                throw new IllegalArgumentException("restore returns one signature per output");
            }
        }
    }

    /** The mint's keysets, from a short-lived cache. */
    Call<List<KeysetInfo>> keysets(MintUrl mint);

    /** The mint's keysets, asked again (after a keyset the cache did not know). */
    Call<List<KeysetInfo>> refreshKeysets(MintUrl mint);

    /** One keyset with its keys. */
    Call<MintKeyset> keyset(MintUrl mint, KeysetId id);

    /** The active keyset of {@code unit} with the lowest input fee. */
    Call<MintKeyset> activeKeyset(MintUrl mint, CurrencyUnit unit);

    /** NUT-03 swap: {@code inputs} for signatures on {@code outputs}. */
    Call<List<BlindSignature>> swap(MintUrl mint, List<Proof> inputs, List<BlindedMessage> outputs);

    /** Whether the mint supports NUT-20 quote locks. */
    boolean supportsQuoteLocks(MintUrl mint);

    /** NUT-04: a new bolt11 mint quote, locked to {@code lockKey} (hex) when given (NUT-20). */
    Call<MintQuoteInfo> createMintQuote(MintUrl mint, long amount, CurrencyUnit unit, Optional<String> lockKey);

    /** NUT-04: the state of a mint quote. */
    Call<MintQuoteInfo> mintQuote(MintUrl mint, QuoteId quoteId);

    /** NUT-04: mints a paid quote's amount onto {@code outputs}, signed with the quote's lock key when locked. */
    Call<List<BlindSignature>> mint(
            MintUrl mint, QuoteId quoteId, List<BlindedMessage> outputs, Optional<String> quoteSignature);

    /** NUT-05: a melt quote for paying {@code bolt11}. */
    Call<MeltQuoteInfo> createMeltQuote(MintUrl mint, String bolt11, CurrencyUnit unit);

    /** NUT-05: the state of a melt quote, with its change once paid. */
    Call<MeltQuoteInfo> meltQuote(MintUrl mint, QuoteId quoteId);

    /** NUT-05 melt, with NUT-08 blank outputs for the change. */
    Call<MeltQuoteInfo> melt(MintUrl mint, QuoteId quoteId, List<Proof> inputs, List<BlindedMessage> blankOutputs);

    /** NUT-07: the states of the proofs whose {@code Y}s are given, in the same order. */
    Call<List<ProofStateInfo>> checkState(MintUrl mint, List<String> ys);

    /** NUT-09: the signatures the mint holds on any of {@code outputs}. */
    Call<Restored> restore(MintUrl mint, List<BlindedMessage> outputs);
}
