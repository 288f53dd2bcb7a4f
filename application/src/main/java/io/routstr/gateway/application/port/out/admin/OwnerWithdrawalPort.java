package io.routstr.gateway.application.port.out.admin;

import io.routstr.gateway.domain.admin.OwnerWithdrawal;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: the durable claims of owner-fund withdrawals, checked and counted against the owner funds of their mint. */
public interface OwnerWithdrawalPort {

    /**
     * Stores {@code withdrawal} (state {@code CLAIMED}) only if it and every unfinished withdrawal at its mint and unit
     * together stay within {@code ownerFunds}; serialised across instances, so two claims cannot share the same funds.
     * Returns what those unfinished withdrawals hold when refused, empty when stored.
     */
    Optional<Long> claim(OwnerWithdrawal withdrawal, long ownerFunds);

    /**
     * Paid: the claim is finished, and the payout ({@code PAYOUT}) and the mint's fee ({@code MINT_FEE}) are booked in
     * the ledger under the withdrawal's id, once.
     */
    void markPaid(UUID id, Msats paid, Msats mintFee, Instant now);

    /** Definitely not paid ({@code FAILED}), or paid or not as yet unknown ({@code UNKNOWN}). */
    void markUnpaid(UUID id, OwnerWithdrawal.State state, String detail, Instant now);

    /** The latest withdrawals, newest first. */
    List<OwnerWithdrawal> latest(int limit);
}
