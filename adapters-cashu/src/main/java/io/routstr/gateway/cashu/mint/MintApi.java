package io.routstr.gateway.cashu.mint;

import io.routstr.gateway.cashu.crypto.CurvePoint;
import io.routstr.gateway.cashu.crypto.DleqProof;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** The mint's wire models (NUT-00 to NUT-09) as the wallet uses them. */
public final class MintApi {

    private MintApi() {}

    /** An output: {@code B_} for an amount of a keyset (NUT-00 BlindedMessage). */
    public record BlindedMessage(long amount, KeysetId keysetId, CurvePoint blinded) {
        public BlindedMessage {
            Objects.requireNonNull(keysetId, "keyset id");
            Objects.requireNonNull(blinded, "B_");
        }
    }

    /** The mint's signature {@code C_} on an output, with its NUT-12 DLEQ proof when the mint sends one. */
    public record BlindSignature(long amount, KeysetId keysetId, CurvePoint signature, Optional<DleqProof> dleq) {
        public BlindSignature {
            Objects.requireNonNull(keysetId, "keyset id");
            Objects.requireNonNull(signature, "C_");
            Objects.requireNonNull(dleq, "dleq");
        }
    }

    /** A keyset as {@code GET /v1/keysets} lists it (NUT-02). */
    public record KeysetInfo(
            KeysetId id, CurrencyUnit unit, boolean active, long inputFeePpk, OptionalLong finalExpiry) {}

    /**
     * A keyset with its public keys by amount, its id checked against the keys (NUT-02). Amounts beyond a {@code long}
     * (NUT-01 allows 2^63) are counted in the id but cannot be used by this wallet.
     */
    public record MintKeyset(
            KeysetId id, CurrencyUnit unit, boolean active, long inputFeePpk, Map<Long, CurvePoint> keys) {
        public MintKeyset {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(unit, "unit");
            keys = Map.copyOf(keys);
        }

        public Optional<CurvePoint> key(long amount) {
            return Optional.ofNullable(keys.get(amount));
        }
    }

    /** A NUT-04 bolt11 mint quote; {@code quote} is a bearer secret until minted. */
    public record MintQuoteInfo(QuoteId quote, String request, long amount, CurrencyUnit unit, String state) {}

    /** A NUT-05 bolt11 melt quote, with the NUT-08 change once paid. */
    public record MeltQuoteInfo(
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

    /** NUT-07 state of one proof. */
    public record ProofStateInfo(String y, String state) {}

    /** NUT-09: the outputs the mint had signed, with their signatures, in matching order. */
    public record Restored(List<BlindedMessage> outputs, List<BlindSignature> signatures) {
        public Restored {
            outputs = List.copyOf(outputs);
            signatures = List.copyOf(signatures);
            if (outputs.size() != signatures.size()) {
                throw new IllegalArgumentException("restore returns one signature per output");
            }
        }
    }
}
