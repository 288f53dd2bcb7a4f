package io.routstr.gateway.domain.ledger;

/**
 * Every kind of money movement the ledger records, with its effect on customer balances.
 *
 * <p>The ledger invariant follows from the effects: summing {@code effect × amount} over all entries gives the sum of
 * all key balances, i.e. {@code deposits = balances + charges + fees + refunds + withdrawals - reversals}. Owner-side
 * movements (payouts of owner funds) and recorded shortfalls do not touch customer balances.
 */
public enum LedgerEntryType {
    /** Ecash or Lightning credited to a key. */
    DEPOSIT(+1),
    /** The settled cost of a request. */
    CHARGE(-1),
    /** A fee billed to a key outside requests, such as the cost of creating child keys. */
    FEE(-1),
    /** Balance paid back to the key's owner as ecash. */
    REFUND(-1),
    /** Balance paid back to the key's owner over Lightning. */
    WITHDRAWAL(-1),
    /** A refund or withdrawal that failed after the debit and was put back on the key. */
    REVERSAL(+1),
    /** Owner funds paid out to the operator; customer balances are untouched. */
    PAYOUT(0),
    /** Cost a request incurred beyond what its key could pay: recorded, never collected from anyone. */
    SHORTFALL(0),
    /**
     * An input fee (NUT-02 {@code input_fee_ppk}) the node paid a mint on a swap of its own, such as the swap that
     * makes change for a refund token: it lowers the wallet's holdings, not any customer balance, so the owner bears
     * it. Booked so that holdings reconcile with the ledger.
     */
    MINT_FEE(0);

    private final int balanceEffect;

    LedgerEntryType(int balanceEffect) {
        this.balanceEffect = balanceEffect;
    }

    /** +1 when the entry adds to customer balances, -1 when it takes from them, 0 when it is owner-side. */
    public int balanceEffect() {
        return balanceEffect;
    }
}
