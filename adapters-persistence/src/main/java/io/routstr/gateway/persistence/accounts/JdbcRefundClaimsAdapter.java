package io.routstr.gateway.persistence.accounts;

import io.routstr.gateway.application.port.out.RefundClaimPort;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.refund.RefundClaim;
import io.routstr.gateway.domain.refund.RefundId;
import io.routstr.gateway.domain.refund.RefundStatus;
import io.routstr.gateway.persistence.TypedParameters;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import io.routstr.gateway.persistence.secret.AtRestCipher.Purpose;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refund claims on PostgreSQL, next to the keys they debit: opening a claim and its debit, and a reversal and its
 * credit, are each one transaction; every other step is one conditional statement on the claim's status. A refund paid
 * as a token stores that token sealed by the node's {@link AtRestCipher} ({@link Purpose#ECASH}, as every token the node
 * hands out): it is bearer ecash, which whoever reads the table could otherwise spend before the client does; a token
 * stored before sealing (no {@code v2:} prefix) is read as it is.
 */
@Component
record JdbcRefundClaimsAdapter(
        JdbcClient jdbc,
        ApiKeyRepository keys,
        LedgerEntryRepository ledger,
        TransactionTemplate tx,
        AtRestCipher cipher)
        implements RefundClaimPort {

    private static final String UNFINISHED = "('OPEN', 'UNRESOLVED')";

    /**
     * The debit, its booking and the claim are one statement (then one commit): five round trips before. The debit's
     * own condition refuses while anything is reserved, so a request starting now either reserved first (and this
     * refund is refused) or finds the balance gone; a second unfinished claim of the key breaks the unique index that
     * allows one, and the whole statement with it.
     */
    @Override
    public OpenResult open(RefundClaim claim, Msats expectedBalance, Instant now, Flush flush) {
        LedgerEntry entry = LedgerEntry.of(claim.ledgerType(), claim.keyId(), claim.amount(), now)
                .withReference(claim.id().ledgerReference());
        try {
            // One statement that commits on its own: a transaction around it cost a round trip more (its COMMIT) on
            // every refund and every X-Cashu request's change; the reads after a refusal need none (each sees what
            // is committed when it runs, as inside a READ COMMITTED transaction).
            Optional<RefundClaim> opened = jdbc.sql(OPEN)
                    .param("key", claim.keyId().value())
                    .param("expected", expectedBalance.value())
                    .param("amount", claim.amount().value())
                    .param("entryId", entry.id())
                    .param("type", entry.type().name())
                    .param("reference", claim.id().ledgerReference())
                    .param("id", claim.id().value())
                    .param("mint", TypedParameters.text(claim.target().mint().value()))
                    .param("unit", TypedParameters.text(claim.target().unit().code()))
                    .param("address", TypedParameters.text(claim.target().lightningAddress()))
                    .param("entryAt", TypedParameters.at(entry.createdAt()))
                    .param("now", TypedParameters.at(now))
                    .param("leaveFlush", flush == Flush.LEFT_TO_NEXT_COMMIT)
                    .query((rs, row) -> {
                        requireOne(rs.getInt("booked"), "refund booking");
                        return claim(rs, row);
                    })
                    .optional();
            if (opened.isPresent()) {
                return new OpenResult.Opened(opened.get());
            }
            Optional<RefundClaim> unfinished = findUnfinished(claim.keyId());
            if (unfinished.isPresent()) {
                return new OpenResult.AlreadyClaimed(unfinished.get());
            }
            return reservedOn(claim.keyId()) ? new OpenResult.RequestsInFlight() : new OpenResult.BalanceChanged();
        } catch (DataIntegrityViolationException raced) {
            // Another claim of this key is unfinished (one unfinished claim per key): that one stands.
            return findUnfinished(claim.keyId())
                    .<OpenResult>map(OpenResult.AlreadyClaimed::new)
                    .orElseGet(OpenResult.BalanceChanged::new);
        }
    }

    /**
     * Debits the key if unchanged and unreserved, books the claim's type and stores the claim OPEN; no row if not. It
     * commits on its own, so every part of it succeeds or the statement fails whole: no {@code ON CONFLICT} clause
     * lets a part be skipped (a conflicting ledger entry or a second unfinished claim of the key fails it). A
     * claim stored whose flush is left to the next commit sets {@code synchronous_commit} off for its own transaction
     * in the same statement (no round trip more); a claim not stored writes nothing to flush.
     */
    private static final String OPEN = """
            WITH d AS (
                UPDATE api_keys SET balance_msats = balance_msats - :amount
                WHERE id = :key AND parent_id IS NULL AND balance_msats = :expected AND reserved_msats = 0
                  AND balance_msats >= :amount
                RETURNING id),
            l AS (
                INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, reservation_id, reference, created_at)
                SELECT :entryId, :type, d.id, :amount, NULL, :reference, :entryAt FROM d
                RETURNING id)
            INSERT INTO refunds (id, key_id, amount_msats, mint_url, unit, lightning_address, status, quote_id, token,
                                 created_at, updated_at)
            SELECT :id, d.id, :amount, :mint, :unit, :address, 'OPEN', NULL, NULL, :now, :now FROM d
            RETURNING *, (SELECT count(*) FROM l) AS booked,
                      CASE WHEN :leaveFlush THEN set_config('synchronous_commit', 'off', true) END AS commit_flush
            """;

    @Override
    public Optional<RefundClaim> find(RefundId id) {
        return jdbc.sql("SELECT * FROM refunds WHERE id = :id")
                .param("id", id.value())
                .query(this::claim)
                .optional();
    }

    @Override
    public Optional<RefundClaim> findUnfinished(ApiKeyId keyId) {
        return jdbc.sql("SELECT * FROM refunds WHERE key_id = :key AND status IN " + UNFINISHED)
                .param("key", keyId.value())
                .query(this::claim)
                .optional();
    }

    @Override
    public Optional<RefundClaim> findLastCompleted(ApiKeyId keyId) {
        return jdbc.sql("""
                        SELECT * FROM refunds WHERE key_id = :key AND status = 'COMPLETED'
                        ORDER BY created_at DESC LIMIT 1
                        """).param("key", keyId.value()).query(this::claim).optional();
    }

    @Override
    public boolean recordQuote(RefundId id, QuoteId quoteId, Instant now) {
        return jdbc.sql("""
                        UPDATE refunds SET quote_id = :quote, updated_at = :now
                        WHERE id = :id AND status = 'OPEN'
                        """)
                        .param("id", id.value())
                        .param("quote", quoteId.value())
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    @Override
    public boolean complete(RefundId id, Optional<String> token, Instant now) {
        return jdbc.sql("UPDATE refunds SET status = 'COMPLETED', token = :token, updated_at = :now WHERE id = :id"
                                + " AND status IN " + UNFINISHED)
                        .param("id", id.value())
                        .param(
                                "token",
                                token.map(plain -> cipher.sealText(Purpose.ECASH, plain))
                                        .orElse(null))
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /**
     * The claim completed and the {@code X-Cashu} payment's change recorded in one statement that commits on its own:
     * were two commits (the payment log's {@code changeIssued} after the claim's completion). The token is sealed once
     * and stored in both rows, each of which opens it under {@link Purpose#ECASH}.
     */
    @Override
    public boolean completeAsChange(
            RefundId id, Optional<String> token, TokenFingerprint paidBy, Msats changeAmount, Instant now) {
        return jdbc.sql(COMPLETE_AS_CHANGE)
                        .param("id", id.value())
                        .param(
                                "token",
                                token.map(plain -> cipher.sealText(Purpose.ECASH, plain))
                                        .orElse(null))
                        .param("hash", paidBy.value())
                        .param("amount", changeAmount.value())
                        .param("now", Timestamp.from(now))
                        .query(Integer.class)
                        .single()
                == 1;
    }

    /** The claim's completion, and the payment finished only if it completed; the count of claims completed. */
    private static final String COMPLETE_AS_CHANGE = """
            WITH c AS (
                UPDATE refunds SET status = 'COMPLETED', token = :token, updated_at = :now
                WHERE id = :id AND status IN ('OPEN', 'UNRESOLVED')
                RETURNING id),
            p AS (
                UPDATE ecash_payments SET finished = true, change_token = :token, change_msats = :amount,
                                          finished_at = :now
                WHERE token_hash = :hash AND NOT finished AND EXISTS (SELECT 1 FROM c)
                RETURNING token_hash)
            SELECT count(*)::int FROM c
            """;

    @Override
    public boolean markUnresolved(RefundId id, Instant now) {
        return jdbc.sql(
                                "UPDATE refunds SET status = 'UNRESOLVED', updated_at = :now WHERE id = :id AND status = 'OPEN'")
                        .param("id", id.value())
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    @Override
    public boolean reverse(RefundId id, Instant now) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            Optional<RefundClaim> claim = jdbc.sql("UPDATE refunds SET status = 'REVERSED', updated_at = :now"
                            + " WHERE id = :id AND status IN " + UNFINISHED + " RETURNING *")
                    .param("id", id.value())
                    .param("now", Timestamp.from(now))
                    .query(this::claim)
                    .optional();
            if (claim.isEmpty()) {
                return false;
            }
            RefundClaim reversed = claim.get();
            requireOne(book(LedgerEntryType.REVERSAL, reversed, now), "refund reversal booking");
            requireOne(
                    keys.addToBalance(
                            reversed.keyId().value(), reversed.amount().value()),
                    "refund reversal");
            return true;
        }));
    }

    @Override
    public List<RefundClaim> claimStale(Instant openedBefore, Instant touchedBefore, Instant now, int limit) {
        return jdbc.sql("""
                        UPDATE refunds SET updated_at = :now WHERE id IN (
                            SELECT id FROM refunds
                            WHERE ((status = 'OPEN' AND created_at < :openedBefore) OR status = 'UNRESOLVED')
                              AND updated_at < :touchedBefore
                            ORDER BY created_at
                            LIMIT :limit
                            FOR UPDATE SKIP LOCKED)
                        RETURNING *
                        """)
                .param("now", Timestamp.from(now))
                .param("openedBefore", Timestamp.from(openedBefore))
                .param("touchedBefore", Timestamp.from(touchedBefore))
                .param("limit", limit)
                .query(this::claim)
                .list();
    }

    private boolean reservedOn(ApiKeyId keyId) {
        return jdbc.sql("SELECT reserved_msats > 0 FROM api_keys WHERE id = :id")
                .param("id", keyId.value())
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    private int book(LedgerEntryType type, RefundClaim claim, Instant now) {
        LedgerEntry entry = LedgerEntry.of(type, claim.keyId(), claim.amount(), now)
                .withReference(claim.id().ledgerReference());
        return ledger.book(
                entry.id(),
                entry.type().name(),
                claim.keyId().value(),
                entry.amount().value(),
                null,
                claim.id().ledgerReference(),
                entry.createdAt());
    }

    private RefundClaim claim(ResultSet rs, int row) throws SQLException {
        return new RefundClaim(
                new RefundId(rs.getObject("id", UUID.class)),
                new ApiKeyId(rs.getObject("key_id", UUID.class)),
                Msats.of(rs.getLong("amount_msats")),
                new RefundTarget(
                        MintUrl.of(rs.getString("mint_url")),
                        CurrencyUnit.of(rs.getString("unit")),
                        rs.getString("lightning_address"),
                        null),
                RefundStatus.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getString("quote_id")).map(QuoteId::of),
                Optional.ofNullable(rs.getString("token")).map(stored -> cipher.openTextOrPlain(Purpose.ECASH, stored)),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static void requireOne(int updated, String what) {
        if (updated != 1) {
            throw new IllegalStateException(what + " updated " + updated + " rows");
        }
    }
}
