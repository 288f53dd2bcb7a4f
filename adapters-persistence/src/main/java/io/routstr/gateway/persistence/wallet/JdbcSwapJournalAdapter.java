package io.routstr.gateway.persistence.wallet;

import static io.routstr.gateway.persistence.TypedParameters.at;

import io.routstr.gateway.application.port.out.SwapJournalPort;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The foreign-mint swap journal in {@code cashu_swaps}: opening a swap is an insert that the table's partial unique
 * indexes refuse while its foreign mint has an unfinished swap or its token a live or done one (the per-mint lock is
 * the row itself), every state change is a conditional {@code UPDATE} on the expected state, and stale swaps are
 * claimed skipping rows other transactions hold. Each method is one short transaction with no network I/O inside.
 */
@Component
record JdbcSwapJournalAdapter(JdbcClient jdbc, TransactionTemplate tx) implements SwapJournalPort {

    private static final StaleJournalRows STALE =
            new StaleJournalRows("cashu_swaps", "('STARTED', 'MELT_STARTED', 'MINT_STARTED')");

    @Override
    public boolean open(Swap swap) {
        return jdbc.sql("""
                        INSERT INTO cashu_swaps
                               (id, fingerprint, foreign_mint, primary_mint, unit, face_amount, mint_amount, state,
                                created_at, updated_at)
                        VALUES (:id, :fingerprint, :foreign, :primary, :unit, :face, 0, 'STARTED', :created, :updated)
                        ON CONFLICT DO NOTHING
                        """)
                        .param("id", swap.id())
                        .param("fingerprint", swap.fingerprint().value())
                        .param("foreign", swap.foreignMint().value())
                        .param("primary", swap.primaryMint().value())
                        .param("unit", swap.unit().code())
                        .param("face", swap.faceAmount())
                        .param("created", at(swap.createdAt()))
                        .param("updated", at(swap.updatedAt()))
                        .update()
                == 1;
    }

    @Override
    public boolean advance(Swap swap, SwapState from, SwapState to, Instant now) {
        try {
            return jdbc.sql("""
                            UPDATE cashu_swaps
                               SET state = :to, updated_at = :now,
                                   mint_quote_id = COALESCE(CAST(:mintQuote AS varchar), mint_quote_id),
                                   melt_quote_id = COALESCE(CAST(:meltQuote AS varchar), melt_quote_id),
                                   mint_amount = CASE WHEN CAST(:mintQuote AS varchar) IS NULL THEN mint_amount ELSE :amount END
                             WHERE id = :id AND state = :from
                            """)
                            .param("to", to.name())
                            .param("now", at(now))
                            .param(
                                    "mintQuote",
                                    swap.mintQuoteId().map(QuoteId::value).orElse(null))
                            .param(
                                    "meltQuote",
                                    swap.meltQuoteId().map(QuoteId::value).orElse(null))
                            .param("amount", swap.mintAmount())
                            .param("id", swap.id())
                            .param("from", from.name())
                            .update()
                    == 1;
        } catch (DuplicateKeyException anotherLiveSwapOfTheToken) {
            return false;
        }
    }

    @Override
    public Optional<Swap> find(UUID id) {
        return jdbc.sql("SELECT * FROM cashu_swaps WHERE id = :id")
                .param("id", id)
                .query(JdbcSwapJournalAdapter::swapRow)
                .optional();
    }

    @Override
    public Optional<Swap> findByFingerprint(TokenFingerprint fingerprint) {
        return jdbc.sql("SELECT * FROM cashu_swaps WHERE fingerprint = :fingerprint ORDER BY created_at DESC LIMIT 1")
                .param("fingerprint", fingerprint.value())
                .query(JdbcSwapJournalAdapter::swapRow)
                .optional();
    }

    @Override
    public List<Swap> claimStale(Instant olderThan, Instant now, int limit) {
        return STALE.claim(jdbc, tx, olderThan, now, limit, JdbcSwapJournalAdapter::swapRow);
    }

    private static Swap swapRow(ResultSet rs, int row) throws SQLException {
        return new Swap(
                rs.getObject("id", UUID.class),
                TokenFingerprint.parse(rs.getString("fingerprint")),
                MintUrl.of(rs.getString("foreign_mint")),
                MintUrl.of(rs.getString("primary_mint")),
                CurrencyUnit.of(rs.getString("unit")),
                rs.getLong("face_amount"),
                rs.getLong("mint_amount"),
                Optional.ofNullable(rs.getString("mint_quote_id")).map(QuoteId::of),
                Optional.ofNullable(rs.getString("melt_quote_id")).map(QuoteId::of),
                SwapState.valueOf(rs.getString("state")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
