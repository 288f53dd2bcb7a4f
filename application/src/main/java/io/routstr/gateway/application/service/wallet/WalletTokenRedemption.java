package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.TokenCodecPort;
import io.routstr.gateway.application.port.out.TokenCodecPort.Decoded;
import io.routstr.gateway.application.service.wallet.EcashWallet.AlreadyRedeemed;
import io.routstr.gateway.application.service.wallet.EcashWallet.Credited;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.application.service.wallet.EcashWallet.ReceiveStatus;
import io.routstr.gateway.application.service.wallet.EcashWallet.RedemptionInProgress;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.money.Msats;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redeems client tokens through the Cashu wallet for the payment use cases.
 *
 * <p>A token whose proofs this wallet already took under the same token string (a redemption interrupted after the
 * mint answered, finished by recovery) counts as redeemed: crediting it again is safe because the ledger books each
 * token reference once, and it gives the client the credit the crash withheld.
 *
 * <p>A token of more than {@code maxProofsPerToken} proofs is refused before the wallet sees it: each proof costs a
 * row, a signature check and a blinded output at the mint, so an unauthenticated client must not make the node do
 * that work thousands of times for one request. Clients are told a fixed message per failure; the wallet's detail
 * (a mint's answer, a transport error) is logged here instead.
 */
public final class WalletTokenRedemption implements TokenRedemption {

    private static final Logger log = LoggerFactory.getLogger(WalletTokenRedemption.class);

    private final EcashWallet wallet;
    private final int maxProofsPerToken;
    private final TokenCodecPort codec;
    private final UnaryOperator<TokenOrigin> landing;

    public WalletTokenRedemption(EcashWallet wallet, TokenCodecPort codec, int maxProofsPerToken) {
        this(wallet, codec, maxProofsPerToken, UnaryOperator.identity());
    }

    /**
     * Where a redeemed token's ecash lands under {@code policy}: with {@link ForeignMints.Policy#SWAP} a token of an
     * untrusted mint in the primary unit is swapped into the primary mint, so it is owed (and tops up keys refunded)
     * there; every other token stays at its own mint.
     */
    public static UnaryOperator<TokenOrigin> landing(WalletSettings settings, ForeignMints.Policy policy) {
        return origin -> policy == ForeignMints.Policy.SWAP
                        && !settings.trusts(origin.mint())
                        && origin.unit().equals(settings.primaryUnit())
                ? new TokenOrigin(settings.primaryMint(), settings.primaryUnit())
                : origin;
    }

    /**
     * A redemption whose tokens' ecash does not always stay at the token's mint: {@code landing} says where the wallet
     * holds a token of a given origin once redeemed (a foreign mint's token is swapped into the primary mint).
     */
    public WalletTokenRedemption(
            EcashWallet wallet, TokenCodecPort codec, int maxProofsPerToken, UnaryOperator<TokenOrigin> landing) {
        this.landing = Objects.requireNonNull(landing, "landing");
        if (maxProofsPerToken < 1) {
            throw new IllegalArgumentException("MAX_PROOFS_PER_TOKEN must be at least 1");
        }
        this.wallet = wallet;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.maxProofsPerToken = maxProofsPerToken;
    }

    @Override
    public RedemptionResult redeem(String token) {
        return redeem(token, redeemed -> {});
    }

    @Override
    public RedemptionResult redeem(String token, Consumer<RedemptionResult.Redeemed> inSameCommit) {
        if (proofCount(token) > maxProofsPerToken) {
            return failed(RedemptionFailure.TOO_MANY_PROOFS);
        }
        Consumer<Credited> withCredit = credited -> inSameCommit.accept(redeemedOf(credited));
        return switch (wallet.receive(token, withCredit)) {
            case Credited credited -> redeemedOf(credited);
            case AlreadyRedeemed already -> alreadyRedeemed(token, already);
            case RedemptionInProgress inProgress ->
                // Not a refusal: the redemption completes or is recovered, and a retry then gets the credit.
                failed(RedemptionFailure.OUTCOME_UNKNOWN);
            case Failure failure -> {
                log.info("token redemption refused ({}): {}", failure.kind(), failure.detail());
                yield failed(failureOf(failure.kind()));
            }
        };
    }

    private static RedemptionResult.Redeemed redeemedOf(Credited credited) {
        return new RedemptionResult.Redeemed(credited.credited(), credited.mint(), credited.unit());
    }

    @Override
    public LookUpResult lookUp(TokenFingerprint tokenHash) {
        return switch (wallet.receiveStatus(tokenHash)) {
            case ReceiveStatus.Received received ->
                new LookUpResult.Redeemed(received.credited(), received.mint(), received.unit());
            case ReceiveStatus.Unfinished unfinished -> new LookUpResult.Unfinished();
            case ReceiveStatus.NotReceived none -> new LookUpResult.NotRedeemed();
        };
    }

    @Override
    public Optional<TokenOrigin> originOf(String token) {
        return decoded(token).map(decoded -> landing.apply(new TokenOrigin(decoded.mint(), decoded.unit())));
    }

    @Override
    public Optional<Msats> faceValueOf(String token) {
        try {
            // A token redemption refuses anyway (too many proofs, no msat value) is left to say so itself.
            return decoded(token)
                    .filter(decoded ->
                            decoded.unit().isBitcoin() && decoded.proofs().size() <= maxProofsPerToken)
                    .map(decoded -> decoded.unit().toMsats(decoded.amount()));
        } catch (ArithmeticException tooLarge) {
            return Optional.empty();
        }
    }

    /** The token's proofs, or 0 for a token that does not decode (the wallet then says why). */
    private int proofCount(String token) {
        return decoded(token).map(decoded -> decoded.proofs().size()).orElse(0);
    }

    private static RedemptionResult failed(RedemptionFailure failure) {
        return new RedemptionResult.Failed(failure, failure.clientMessage());
    }

    private RedemptionResult alreadyRedeemed(String token, AlreadyRedeemed already) {
        TokenFingerprint fingerprint = TokenFingerprint.of(token);
        if (!already.originalFingerprint().equals(Optional.of(fingerprint))) {
            return failed(RedemptionFailure.ALREADY_SPENT);
        }
        // A token swapped in from a foreign mint is held at the primary mint, not at the token's own: the wallet says.
        if (wallet.receiveStatus(fingerprint) instanceof ReceiveStatus.Received held) {
            return new RedemptionResult.Redeemed(already.credited(), held.mint(), held.unit());
        }
        return decoded(token)
                .<RedemptionResult>map(
                        decoded -> new RedemptionResult.Redeemed(already.credited(), decoded.mint(), decoded.unit()))
                .orElseGet(() -> failed(RedemptionFailure.INVALID_TOKEN));
    }

    private Optional<EcashToken> decoded(String token) {
        return codec.decode(token) instanceof Decoded.Token(EcashToken decoded)
                ? Optional.of(decoded)
                : Optional.empty();
    }

    static RedemptionFailure failureOf(FailureKind kind) {
        return switch (kind) {
            case INVALID_TOKEN, UNSUPPORTED_UNIT, INVALID_SIGNATURE -> RedemptionFailure.INVALID_TOKEN;
            case UNTRUSTED_MINT -> RedemptionFailure.UNTRUSTED_MINT;
            case ZERO_VALUE, AMOUNT_TOO_SMALL -> RedemptionFailure.ZERO_VALUE;
            case FEES_EXCEED_AMOUNT -> RedemptionFailure.FEES_EXCEED_AMOUNT;
            case ALREADY_SPENT -> RedemptionFailure.ALREADY_SPENT;
            case MINT_UNREACHABLE -> RedemptionFailure.MINT_UNREACHABLE;
            case MINT_RATE_LIMITED -> RedemptionFailure.MINT_RATE_LIMITED;
            case OUTCOME_UNKNOWN -> RedemptionFailure.OUTCOME_UNKNOWN;
            case TOKEN_PENDING,
                    MINT_REJECTED,
                    INSUFFICIENT_FUNDS,
                    FUNDS_IN_FLIGHT,
                    QUOTE_NOT_PAID,
                    QUOTE_ALREADY_ISSUED,
                    QUOTE_EXPIRED,
                    PAYMENT_FAILED -> RedemptionFailure.FAILED;
        };
    }
}
