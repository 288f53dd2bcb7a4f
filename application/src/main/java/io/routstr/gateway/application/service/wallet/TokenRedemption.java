package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.Optional;

/**
 * Redeem a client's Cashu token into the node's wallet (swap at its mint), returning what was credited net of
 * the mint's fees. Implemented by {@link WalletTokenRedemption}; an application seam, not an output port.
 */
public interface TokenRedemption {

    RedemptionResult redeem(String token);

    /**
     * What became of an earlier redemption of the token with fingerprint {@code tokenHash}, for a deposit whose caller
     * died: the wallet may hold its ecash (also after crash recovery) without its key being credited.
     */
    LookUpResult lookUp(TokenFingerprint tokenHash);

    /** What a look-up found. */
    sealed interface LookUpResult {
        /** The wallet holds the token's ecash: {@code credited} msats, redeemed at {@code mint} in {@code unit}. */
        record Redeemed(Msats credited, MintUrl mint, CurrencyUnit unit) implements LookUpResult {}

        /** A redemption is still unfinished (the wallet's recovery settles it); ask again later. */
        record Unfinished() implements LookUpResult {}

        /** Nothing of the token was taken. */
        record NotRedeemed() implements LookUpResult {}
    }

    /** The mint and unit a token's proofs belong to, read offline; empty if it does not decode. */
    default Optional<TokenOrigin> originOf(String token) {
        return Optional.empty();
    }

    /**
     * What a token is worth at face value in msats, read offline (before any mint fee); empty if it does not decode or
     * its unit has no msat value.
     */
    default Optional<Msats> faceValueOf(String token) {
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
