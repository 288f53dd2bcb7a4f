package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Redeem a client's Cashu token into the node's wallet (swap at its mint), returning what was credited net of
 * the mint's fees. Implemented by {@link WalletTokenRedemption}; an application seam, not an output port.
 */
public interface TokenRedemption {

    RedemptionResult redeem(String token);

    /**
     * As {@link #redeem(String)}, and when the token is credited now, {@code inSameCommit} runs inside the commit that
     * records the wallet's swap, so that what the caller stores for the credit (a new key and its deposit) costs no
     * commit of its own and a crash leaves both or neither. A redemption that cannot (the token was redeemed before, or
     * swapped in from a foreign mint) does not run it: the caller then does that work itself, after this returns. When
     * {@code inSameCommit} throws, the wallet's record is committed on its own and the exception is thrown on (a retry
     * of the token finds it redeemed, as when the two had a commit each).
     */
    default RedemptionResult redeem(String token, Consumer<RedemptionResult.Redeemed> inSameCommit) {
        return redeem(token);
    }

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
