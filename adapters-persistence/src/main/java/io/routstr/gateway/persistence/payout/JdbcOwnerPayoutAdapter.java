package io.routstr.gateway.persistence.payout;

import io.routstr.gateway.application.port.out.OwnerPayoutPort;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ledger.LedgerEntryIds;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.payout.OwnerPayout;
import io.routstr.gateway.domain.payout.OwnerPayoutId;
import io.routstr.gateway.domain.payout.OwnerPayoutStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Owner payouts on PostgreSQL: a partial unique index keeps one unfinished payout, every step is one conditional
 * statement on the status, and marking one paid books its owner-side PAYOUT ledger entry in the same transaction.
 */
@Component
record JdbcOwnerPayoutAdapter(JdbcClient jdbc, TransactionTemplate tx) implements OwnerPayoutPort {

    private static final String COLUMNS =
            "id, mint_url, unit, amount_msats, lightning_address, status, quote_id, created_at, updated_at";

    @Override
    public boolean open(OwnerPayout payout) {
        try {
            return jdbc.sql("INSERT INTO owner_payouts (" + COLUMNS + ") VALUES "
                                    + "(:id, :mint, :unit, :amount, :address, 'OPEN', NULL, :now, :now)")
                            .param("id", payout.id().value())
                            .param("mint", payout.mint().value())
                            .param("unit", payout.unit().code())
                            .param("amount", payout.amount().value())
                            .param("address", payout.lightningAddress())
                            .param("now", Timestamp.from(payout.createdAt()))
                            .update()
                    == 1;
        } catch (DuplicateKeyException anotherUnfinished) {
            return false;
        }
    }

    @Override
    public Optional<OwnerPayout> findUnfinished() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM owner_payouts WHERE status IN ('OPEN', 'UNRESOLVED')")
                .query(JdbcOwnerPayoutAdapter::payout)
                .optional();
    }

    @Override
    public Optional<OwnerPayout> find(OwnerPayoutId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM owner_payouts WHERE id = :id")
                .param("id", id.value())
                .query(JdbcOwnerPayoutAdapter::payout)
                .optional();
    }

    @Override
    public boolean recordQuote(OwnerPayoutId id, QuoteId quoteId, Instant now) {
        return jdbc.sql("UPDATE owner_payouts SET quote_id = :quote, updated_at = :now "
                                + "WHERE id = :id AND status = 'OPEN'")
                        .param("quote", quoteId.value())
                        .param("now", Timestamp.from(now))
                        .param("id", id.value())
                        .update()
                == 1;
    }

    @Override
    public boolean markUnresolved(OwnerPayoutId id, Instant now) {
        return move(id, "('OPEN')", OwnerPayoutStatus.UNRESOLVED, now);
    }

    @Override
    public boolean markPaid(OwnerPayoutId id, Instant now) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (!move(id, "('OPEN', 'UNRESOLVED')", OwnerPayoutStatus.PAID, now)) {
                return false;
            }
            OwnerPayout paid = find(id).orElseThrow();
            // Owner-side: no key, no customer balance moves (LedgerEntryType.PAYOUT has effect 0).
            jdbc.sql("INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, reservation_id, reference, "
                            + "created_at) VALUES (:id, :type, NULL, :amount, NULL, :reference, :now)")
                    .param("id", LedgerEntryIds.at(now))
                    .param("type", LedgerEntryType.PAYOUT.name())
                    .param("amount", paid.amount().value())
                    .param("reference", id.ledgerReference())
                    .param("now", Timestamp.from(now))
                    .update();
            return true;
        }));
    }

    @Override
    public boolean markFailed(OwnerPayoutId id, Instant now) {
        return move(id, "('OPEN', 'UNRESOLVED')", OwnerPayoutStatus.FAILED, now);
    }

    @Override
    public Msats refundsInFlight(MintUrl mint, CurrencyUnit unit) {
        Long sum = jdbc.sql("SELECT COALESCE(SUM(amount_msats), 0) FROM refunds "
                        + "WHERE status IN ('OPEN', 'UNRESOLVED') AND mint_url = :mint AND unit = :unit")
                .param("mint", mint.value())
                .param("unit", unit.code())
                .query(Long.class)
                .single();
        return Msats.of(sum);
    }

    @Override
    public List<OwnerPayout> recent(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM owner_payouts ORDER BY created_at DESC LIMIT :limit")
                .param("limit", limit)
                .query(JdbcOwnerPayoutAdapter::payout)
                .list();
    }

    private boolean move(OwnerPayoutId id, String from, OwnerPayoutStatus to, Instant now) {
        return jdbc.sql("UPDATE owner_payouts SET status = :to, updated_at = :now WHERE id = :id AND status IN " + from)
                        .param("to", to.name())
                        .param("now", Timestamp.from(now))
                        .param("id", id.value())
                        .update()
                == 1;
    }

    private static OwnerPayout payout(ResultSet rs, int row) throws SQLException {
        return new OwnerPayout(
                new OwnerPayoutId(rs.getObject("id", UUID.class)),
                MintUrl.of(rs.getString("mint_url")),
                CurrencyUnit.of(rs.getString("unit")),
                Msats.of(rs.getLong("amount_msats")),
                rs.getString("lightning_address"),
                OwnerPayoutStatus.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getString("quote_id")).map(QuoteId::of),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
