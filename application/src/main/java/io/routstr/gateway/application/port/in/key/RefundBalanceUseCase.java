package io.routstr.gateway.application.port.in.key;

/**
 * Use case: pay a key's spendable balance back to its owner (ecash, or Lightning when the key has a refund address).
 * The balance is debited first (compare-and-set) and put back if the payout definitely failed, so a refund racing
 * requests or another refund never pays twice.
 */
public interface RefundBalanceUseCase {

    RefundOutcome refund(RefundBalanceCommand command);
}
