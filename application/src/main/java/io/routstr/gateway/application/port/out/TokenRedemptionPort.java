package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.Optional;

/**
 * Port: redeem a client's Cashu token into the node's wallet (swap at its mint), returning what was credited net of
 * the mint's fees. Implemented by the Cashu wallet.
 */
public interface TokenRedemptionPort {

    RedemptionResult redeem(String token);

    /** The mint and unit a token's proofs belong to, read offline; empty if it does not decode. */
    default Optional<TokenOrigin> originOf(String token) {
        return Optional.empty();
    }

    /** Where a token's ecash lives. */
    record TokenOrigin(MintUrl mint, CurrencyUnit unit) {}

    /** What came of a redemption. */
    sealed interface RedemptionResult {

        /** The token's proofs are now the node's: {@code credited} msats net of input fees, at {@code mint}. */
        record Redeemed(Msats credited, MintUrl mint, CurrencyUnit unit) implements RedemptionResult {}

        record Failed(RedemptionFailure failure, String message) implements RedemptionResult {}
    }
}
