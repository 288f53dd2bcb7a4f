package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.application.service.wallet.ForeignMints.Policy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the node does with a token of a mint outside {@code CASHU_MINTS} ({@code FOREIGN_MINT_POLICY}: {@code reject},
 * Routstr's default, or {@code swap} into the primary mint over Lightning), and the swap's bounds: the largest token
 * swapped ({@code FOREIGN_MINT_MAX_AMOUNT_SAT}), how long a request waits for its swap
 * ({@code FOREIGN_MINT_SWAP_TIMEOUT_SECONDS}; the swap goes on in the background after it), and whether a foreign
 * mint may sit on a private or loopback address or plain http ({@code FOREIGN_MINT_ALLOW_PRIVATE}, off).
 */
@ConfigurationProperties("routstr.foreign-mint")
public record ForeignMintProperties(
        @DefaultValue("reject") String policy,
        @DefaultValue("5s") Duration swapTimeout,
        @DefaultValue("100000") long maxAmountSat,
        @DefaultValue("false") boolean allowPrivate) {

    public ForeignMintProperties {
        // Read at start-up, so that a misspelt policy stops the node instead of silently refusing foreign tokens.
        Policy.of(policy);
        if (swapTimeout.isNegative() || swapTimeout.isZero()) {
            throw new IllegalArgumentException("FOREIGN_MINT_SWAP_TIMEOUT_SECONDS must be positive");
        }
        if (maxAmountSat <= 0) {
            throw new IllegalArgumentException("FOREIGN_MINT_MAX_AMOUNT_SAT must be positive");
        }
    }

    public Policy parsedPolicy() {
        return Policy.of(policy);
    }
}
