package io.routstr.gateway.persistence.admin;

import io.routstr.gateway.application.port.out.admin.OwnerWithdrawalPort;
import io.routstr.gateway.domain.admin.OwnerWithdrawal;
import io.routstr.gateway.domain.ledger.LedgerEntryIds;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Owner withdrawals. A claim takes a transaction-scoped advisory lock so that claims from every instance are checked
 * one at a time against the funds; the lock is released at commit, before the wallet is called.
 */
@Component
record JdbcOwnerWithdrawalAdapter(JdbcClient jdbc, TransactionTemplate tx) implements OwnerWithdrawalPort {

    private static final long CLAIM_LOCK = 0x5e3d_0011L;

    @Override
    public Optional<Long> claim(OwnerWithdrawal withdrawal, long ownerFunds) {
        return tx.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?)")
                    .params(CLAIM_LOCK)
                    .query((rs, n) -> 1)
                    .list();
            Long underWay = jdbc.sql("SELECT coalesce(sum(amount), 0) FROM admin_withdrawals"
                            + " WHERE mint_url = ? AND unit = ? AND state IN ('CLAIMED', 'UNKNOWN')")
                    .params(withdrawal.mint().value(), withdrawal.unit().code())
                    .query(Long.class)
                    .single();
            long open = underWay == null ? 0 : underWay;
            if (Math.addExact(open, withdrawal.amount()) > ownerFunds) {
                return Optional.of(open);
            }
            jdbc.sql("INSERT INTO admin_withdrawals (id, mint_url, unit, amount, destination, state, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, 'CLAIMED', ?)")
                    .params(
                            withdrawal.id(),
                            withdrawal.mint().value(),
                            withdrawal.unit().code(),
                            withdrawal.amount(),
                            withdrawal.destination().name(),
                            Timestamp.from(withdrawal.createdAt()))
                    .update();
            return Optional.<Long>empty();
        });
    }

    @Override
    public void markPaid(UUID id, Msats paid, Msats mintFee, Instant now) {
        tx.executeWithoutResult(status -> {
            int finished = jdbc.sql("UPDATE admin_withdrawals SET state = 'PAID', finished_at = ? WHERE id = ?"
                            + " AND state IN ('CLAIMED', 'UNKNOWN')")
                    .params(Timestamp.from(now), id)
                    .update();
            if (finished == 0) {
                return; // finished before: booked then
            }
            String reference = "admin-withdrawal:" + id;
            book("PAYOUT", paid, reference, now);
            if (mintFee.isPositive()) {
                book("MINT_FEE", mintFee, reference, now);
            }
        });
    }

    @Override
    public void markUnpaid(UUID id, OwnerWithdrawal.State state, String detail, Instant now) {
        if (state != OwnerWithdrawal.State.FAILED && state != OwnerWithdrawal.State.UNKNOWN) {
            throw new IllegalArgumentException("unpaid is FAILED or UNKNOWN");
        }
        String shortDetail = detail == null ? null : detail.substring(0, Math.min(detail.length(), 500));
        jdbc.sql("UPDATE admin_withdrawals SET state = ?, detail = ?, finished_at = ? WHERE id = ?"
                        + " AND state IN ('CLAIMED', 'UNKNOWN')")
                .params(
                        state.name(),
                        shortDetail,
                        state == OwnerWithdrawal.State.FAILED ? Timestamp.from(now) : null,
                        id)
                .update();
    }

    @Override
    public List<OwnerWithdrawal> latest(int limit) {
        return jdbc.sql("SELECT * FROM admin_withdrawals ORDER BY created_at DESC, id LIMIT ?")
                .params(limit)
                .query((rs, n) -> new OwnerWithdrawal(
                        rs.getObject("id", UUID.class),
                        MintUrl.of(rs.getString("mint_url")),
                        CurrencyUnit.of(rs.getString("unit")),
                        rs.getLong("amount"),
                        OwnerWithdrawal.Destination.valueOf(rs.getString("destination")),
                        OwnerWithdrawal.State.valueOf(rs.getString("state")),
                        Optional.ofNullable(rs.getString("detail")),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    private void book(String type, Msats amount, String reference, Instant now) {
        jdbc.sql("INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, reference, created_at)"
                        + " VALUES (?, ?, NULL, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(LedgerEntryIds.at(now), type, amount.value(), reference, Timestamp.from(now))
                .update();
    }
}
