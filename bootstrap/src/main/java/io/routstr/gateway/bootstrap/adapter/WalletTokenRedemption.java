package io.routstr.gateway.bootstrap.adapter;

import io.routstr.gateway.application.port.out.EcashWalletPort;
import io.routstr.gateway.application.port.out.EcashWalletPort.AlreadyRedeemed;
import io.routstr.gateway.application.port.out.EcashWalletPort.Credited;
import io.routstr.gateway.application.port.out.EcashWalletPort.Failure;
import io.routstr.gateway.application.port.out.EcashWalletPort.FailureKind;
import io.routstr.gateway.application.port.out.EcashWalletPort.ReceiveStatus;
import io.routstr.gateway.application.port.out.EcashWalletPort.RedemptionInProgress;
import io.routstr.gateway.application.port.out.TokenRedemptionPort;
import io.routstr.gateway.cashu.token.TokenCodec;
import io.routstr.gateway.cashu.token.TokenFormatException;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;

/**
 * Redeems client tokens through the Cashu wallet for the payment use cases.
 *
 * <p>A token whose proofs this wallet already took under the same token string (a redemption interrupted after the
 * mint answered, finished by recovery) counts as redeemed: crediting it again is safe because the ledger books each
 * token reference once, and it gives the client the credit the crash withheld.
 */
public final class WalletTokenRedemption implements TokenRedemptionPort {

    private final EcashWalletPort wallet;
    private final TokenCodec codec = new TokenCodec();

    public WalletTokenRedemption(EcashWalletPort wallet) {
        this.wallet = wallet;
    }

    @Override
    public RedemptionResult redeem(String token) {
        return switch (wallet.receive(token)) {
            case Credited credited ->
                new RedemptionResult.Redeemed(credited.credited(), credited.mint(), credited.unit());
            case AlreadyRedeemed already -> alreadyRedeemed(token, already);
            case RedemptionInProgress inProgress ->
                // Not a refusal: the redemption completes or is recovered, and a retry then gets the credit.
                new RedemptionResult.Failed(
                        RedemptionFailure.OUTCOME_UNKNOWN, "This token is being redeemed; retry shortly");
            case Failure failure -> new RedemptionResult.Failed(failureOf(failure.kind()), failure.detail());
        };
    }

    @Override
    public LookUpResult lookUp(String tokenHash) {
        return switch (wallet.receiveStatus(tokenHash)) {
            case ReceiveStatus.Received received ->
                new LookUpResult.Redeemed(received.credited(), received.mint(), received.unit());
            case ReceiveStatus.Unfinished unfinished -> new LookUpResult.Unfinished();
            case ReceiveStatus.NotReceived none -> new LookUpResult.NotRedeemed();
        };
    }

    private RedemptionResult alreadyRedeemed(String token, AlreadyRedeemed already) {
        if (!TokenFingerprint.of(token).equals(already.originalFingerprint())) {
            return new RedemptionResult.Failed(RedemptionFailure.ALREADY_SPENT, "Token already spent");
        }
        try {
            EcashToken decoded = codec.decode(token);
            return new RedemptionResult.Redeemed(already.credited(), decoded.mint(), decoded.unit());
        } catch (TokenFormatException e) {
            return new RedemptionResult.Failed(RedemptionFailure.INVALID_TOKEN, "Invalid Cashu token");
        }
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
                    QUOTE_NOT_PAID,
                    QUOTE_ALREADY_ISSUED,
                    QUOTE_EXPIRED,
                    PAYMENT_FAILED -> RedemptionFailure.FAILED;
        };
    }
}
