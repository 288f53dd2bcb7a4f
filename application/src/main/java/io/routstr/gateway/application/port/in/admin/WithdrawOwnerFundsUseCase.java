package io.routstr.gateway.application.port.in.admin;

import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.Objects;
import java.util.Optional;

/**
 * Use case: the operator takes owner funds out of the wallet, as a Cashu token or to a Lightning address (Routstr
 * {@code POST /admin/withdraw}). Only owner funds: what the mint's proofs hold beyond every customer balance owed there,
 * less withdrawals still under way. A request above that is refused and nothing moves.
 */
public interface WithdrawOwnerFundsUseCase {

    WithdrawalOutcome withdraw(WithdrawCommand command);

    /**
     * {@code amount} is in {@code unit} (sats for a sat mint); {@code lightningAddress} empty means a token.
     */
    record WithdrawCommand(MintUrl mint, CurrencyUnit unit, long amount, Optional<String> lightningAddress) {
        public WithdrawCommand {
            Objects.requireNonNull(mint, "mint");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(lightningAddress, "lightning address");
            if (amount <= 0) {
                throw new IllegalArgumentException("amount must be positive");
            }
            if (!unit.isBitcoin()) {
                throw new IllegalArgumentException("only sat and msat funds can be withdrawn");
            }
            lightningAddress = lightningAddress.map(String::strip).filter(address -> !address.isEmpty());
        }
    }

    /** What a withdrawal came to. */
    sealed interface WithdrawalOutcome {
        /** Paid: {@code token} holds the ecash when one was asked for. */
        record Paid(long amount, Optional<String> token, MintUrl mint, CurrencyUnit unit) implements WithdrawalOutcome {
            @Override
            public String toString() {
                return "Paid[" + amount + " " + unit + " at " + mint + "]";
            }
        }

        /** Refused before anything moved: the owner funds left at the mint, in its unit, are less than asked. */
        record InsufficientOwnerFunds(long available) implements WithdrawalOutcome {}

        /** Definitely not paid. */
        record Failed(String reason) implements WithdrawalOutcome {}

        /** The mint may or may not have paid; the amount stays claimed until it is known. */
        record Unknown(String reason) implements WithdrawalOutcome {}
    }
}
