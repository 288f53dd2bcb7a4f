package io.routstr.gateway.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Port: tokens the node handed out (X-Cashu change, key refunds) that nobody collected, for the refund sweep (Routstr
 * §6.5). Each is claimed under a lease before the wallet touches it, so two instances never sweep one token, and a
 * claim whose holder died is taken over once its lease expires.
 */
public interface UncollectedTokenPort {

    /**
     * Claims up to {@code limit} tokens issued before {@code issuedBefore} and not swept, collected or failed, whose
     * earlier claim (if any) is older than {@code claimExpiredBefore}; oldest first.
     */
    List<UncollectedToken> claim(Instant issuedBefore, Instant claimExpiredBefore, Instant now, int limit);

    /** Records how the sweep of a claimed token ended; a swept token is cleared, so its recovery finds none. */
    void finish(UncollectedToken token, SweepState state, Instant now);

    /** Where a token came from, and the token itself (bearer ecash: never log it). */
    record UncollectedToken(Source source, String id, String token) {
        public UncollectedToken {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "UncollectedToken[" + source + " " + id + "]";
        }
    }

    /** The table a token was handed out from. */
    enum Source {
        /** X-Cashu change. */
        CHANGE,
        /** A key's refund paid as a token. */
        REFUND
    }

    /** How a sweep ended. */
    enum SweepState {
        /** Redeemed back into the wallet. */
        SWEPT,
        /** Its holder had spent it. */
        COLLECTED,
        /** The mint refused it for good (not ours to redeem, unknown keyset, …). */
        FAILED
    }
}
