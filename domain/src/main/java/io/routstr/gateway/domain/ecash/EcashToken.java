package io.routstr.gateway.domain.ecash;

import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Cashu token as sent between wallets (NUT-00): proofs of one mint and one unit, with an optional memo. Tokens are
 * bearer money, so {@link #toString()} lists neither secrets nor the memo.
 */
public record EcashToken(MintUrl mint, CurrencyUnit unit, Optional<String> memo, List<Proof> proofs) {

    public EcashToken {
        Objects.requireNonNull(mint, "mint");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(memo, "memo");
        proofs = List.copyOf(Objects.requireNonNull(proofs, "proofs"));
        if (proofs.isEmpty()) {
            throw new IllegalArgumentException("a token holds at least one proof");
        }
        long total = 0;
        for (Proof proof : proofs) {
            try {
                total = Math.addExact(total, proof.amount());
            } catch (ArithmeticException overflow) {
                throw new IllegalArgumentException("the proofs' amounts add up to more than a long can hold", overflow);
            }
        }
    }

    public static EcashToken of(MintUrl mint, CurrencyUnit unit, List<Proof> proofs) {
        return new EcashToken(mint, unit, Optional.empty(), proofs);
    }

    /** The face value in the token's unit; the constructor has already ruled out overflow. */
    public long amount() {
        long total = 0;
        for (Proof proof : proofs) {
            total = Math.addExact(total, proof.amount());
        }
        return total;
    }

    /** True if any proof carries a NUT-12 DLEQ proof. */
    public boolean hasDleq() {
        return proofs.stream().anyMatch(proof -> proof.dleq().isPresent());
    }

    /**
     * The same proofs, and so the same money, without their DLEQ proofs: NUT-12 makes them optional for the receiver,
     * who can still check each proof at the mint (NUT-07), and they double a {@code cashuB} token's length.
     */
    public EcashToken withoutDleq() {
        return new EcashToken(
                mint, unit, memo, proofs.stream().map(Proof::withoutDleq).toList());
    }

    /** The keysets the proofs name, in first-seen order. */
    public Set<KeysetId> keysetIds() {
        Set<KeysetId> ids = new LinkedHashSet<>();
        proofs.forEach(proof -> ids.add(proof.keysetId()));
        return ids;
    }

    /** True if any proof names a short V2 keyset id that still has to be resolved against the mint (NUT-00 V4). */
    public boolean hasShortKeysetIds() {
        return proofs.stream().anyMatch(proof -> proof.keysetId().isShort());
    }

    @Override
    public String toString() {
        return "EcashToken[mint=" + mint + ", unit=" + unit + ", amount=" + amount() + ", proofs=" + proofs.size()
                + "]";
    }
}
