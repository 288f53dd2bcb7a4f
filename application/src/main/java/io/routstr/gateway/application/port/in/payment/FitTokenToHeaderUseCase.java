package io.routstr.gateway.application.port.in.payment;

import java.util.Objects;
import java.util.Optional;

/**
 * Use case: a Cashu token handed back to a client (the change of an {@code X-Cashu} payment, or the client's own token
 * with a refusal, Routstr §3.3) in a response header that holds at most so many characters. A token too long is
 * shortened without changing its value, by leaving out its NUT-12 DLEQ proofs; one still too long cannot go in the
 * header, and the caller hands it back another way (the body, or recovery with the original token).
 */
public interface FitTokenToHeaderUseCase {

    HeaderToken fit(FitTokenToHeaderQuery query);

    /** A token to hand back in a header of at most {@code longestChars} characters. */
    record FitTokenToHeaderQuery(String token, int longestChars) {

        public FitTokenToHeaderQuery {
            Objects.requireNonNull(token, "token");
            if (longestChars <= 0) {
                throw new IllegalArgumentException("a header holds at least one character");
            }
        }
    }

    /** What goes in the header. Every form that goes is the same proofs: spending one spends the other. */
    sealed interface HeaderToken {

        /** The text for the header, if the token can go in it. */
        Optional<String> header();

        /** The token fits as it is. */
        record AsIs(String token) implements HeaderToken {

            public AsIs {
                Objects.requireNonNull(token, "token");
            }

            @Override
            public Optional<String> header() {
                return Optional.of(token);
            }
        }

        /** The same proofs re-encoded without their DLEQ proofs, which made the token too long. */
        record WithoutDleq(String token) implements HeaderToken {

            public WithoutDleq {
                Objects.requireNonNull(token, "token");
            }

            @Override
            public Optional<String> header() {
                return Optional.of(token);
            }
        }

        /** Too long even without DLEQ (or unreadable and too long): it cannot go in the header. */
        record TooLong() implements HeaderToken {

            @Override
            public Optional<String> header() {
                return Optional.empty();
            }
        }
    }
}
