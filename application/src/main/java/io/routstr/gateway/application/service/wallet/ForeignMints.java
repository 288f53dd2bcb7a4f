package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.ForeignMintGuardPort;
import io.routstr.gateway.application.port.out.SwapJournalPort;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What the wallet does with a token from a mint it does not trust ({@code FOREIGN_MINT_POLICY}): refuse it (Routstr's
 * default, {@code UntrustedSourceMintError}) or swap it into the primary mint over Lightning. For the swap: the guard
 * on the foreign mint's URL, the swap journal, the largest token swapped ({@code maxAmount}, in the token's unit), the
 * time a request waits for its swap ({@code timeBudget}; the swap goes on in the background on {@code background}
 * after that), and how long the primary mint's quote is polled for once the melt paid it.
 */
public record ForeignMints(
        Policy policy,
        ForeignMintGuardPort guard,
        SwapJournalPort journal,
        Executor background,
        Duration timeBudget,
        long maxAmount,
        Duration paymentWait) {

    /** {@code FOREIGN_MINT_POLICY}. */
    public enum Policy {
        REJECT,
        SWAP;

        /** Reads Routstr's wording ({@code reject} or {@code swap}, any case). */
        public static Policy of(String text) {
            return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "reject" -> REJECT;
                case "swap" -> SWAP;
                default -> throw new IllegalArgumentException("FOREIGN_MINT_POLICY is reject or swap, not " + text);
            };
        }
    }

    public ForeignMints {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(timeBudget, "time budget");
        Objects.requireNonNull(paymentWait, "payment wait");
        if (policy == Policy.SWAP) {
            Objects.requireNonNull(guard, "guard");
            Objects.requireNonNull(journal, "journal");
            Objects.requireNonNull(background, "background");
            if (timeBudget.isNegative() || timeBudget.isZero() || maxAmount <= 0) {
                throw new IllegalArgumentException("a swap has a positive time budget and largest amount");
            }
        }
    }

    /** Tokens of untrusted mints are refused; nothing else is needed. */
    public static ForeignMints rejecting() {
        return new ForeignMints(Policy.REJECT, null, null, null, Duration.ofSeconds(5), 0, Duration.ZERO);
    }
}
