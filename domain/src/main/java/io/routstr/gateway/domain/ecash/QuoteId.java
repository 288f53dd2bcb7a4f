package io.routstr.gateway.domain.ecash;

import java.util.Objects;

/**
 * The id a mint gave a NUT-04 mint quote or a NUT-05 melt quote, exactly as the mint sent it. It comes from a mint, so
 * it is checked before it is stored or sent back: not blank, at most {@value #MAX_LENGTH} characters (the width of
 * every {@code quote_id} column), no control characters (it travels in URL paths and log-free JSON bodies).
 *
 * <p>Until a quote is paid or minted its id is a bearer secret (NUT-04: whoever knows a paid quote's id can mint it,
 * unless it is locked under NUT-20), so {@link #toString()} does not show it; callers that need the text ask for
 * {@link #value()}.
 *
 * <p>Mint and melt quote ids share this one type: the wallet journal and the mint's API treat them alike, and the one
 * place that holds both (a foreign-mint swap) names them in separate fields.
 */
public record QuoteId(String value) {

    /** The width of the {@code quote_id} columns. */
    public static final int MAX_LENGTH = 256;

    public QuoteId {
        Objects.requireNonNull(value, "quote id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a quote id is not blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "a quote id has at most " + MAX_LENGTH + " characters, got " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a quote id has no control characters");
        }
    }

    public static QuoteId of(String value) {
        return new QuoteId(value);
    }

    @Override
    public String toString() {
        return "QuoteId[redacted]";
    }
}
