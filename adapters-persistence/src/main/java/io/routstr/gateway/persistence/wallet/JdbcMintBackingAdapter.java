package io.routstr.gateway.persistence.wallet;

import io.routstr.gateway.application.port.out.MintBackingPort;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What backs one mint on PostgreSQL: the wallet's proofs of that mint and unit and the balances of the keys refunding
 * there, summed in one statement. It ran before every change and refund payout as two (the wallet's holdings at every
 * mint, then one mint's balances owed).
 */
@Component
record JdbcMintBackingAdapter(JdbcClient jdbc) implements MintBackingPort {

    /** How many of the largest unspent proofs {@link #backingFor} sums first: a few index entries, whatever the wallet. */
    static final int LARGEST_PROOFS = 64;

    /** The proofs in flight and the balances owed, beside either unspent sum below. */
    private static final String PENDING_AND_OWED = """
                   (SELECT COALESCE(SUM(amount), 0) FROM wallet_proofs
                     WHERE mint_url = :mint AND unit = :unit AND state = 'PENDING' AND NOT incoming)
                       AS pending,
                   (SELECT COALESCE(SUM(balance_msats), 0) FROM api_keys
                     WHERE has_balance AND refund_mint_url = :mint AND refund_unit = :unit)
                       AS owed
            """;

    /**
     * Each sum from its own partial index (unspent, pending, keys with a balance), never a scan of every proof the
     * wallet ever held or of every key the node ever opened.
     */
    static final String BACKING = """
            SELECT (SELECT COALESCE(SUM(amount), 0) FROM wallet_proofs
                     WHERE mint_url = :mint AND unit = :unit AND state = 'UNSPENT' AND NOT incoming)
                       AS unspent,
            """ + PENDING_AND_OWED;

    /** {@link #BACKING} with the unspent sum over the largest proofs only, in the unspent index's order. */
    static final String BACKING_BY_LARGEST = """
            SELECT (SELECT COALESCE(SUM(amount), 0) FROM (
                        SELECT amount FROM wallet_proofs
                         WHERE mint_url = :mint AND unit = :unit AND state = 'UNSPENT' AND NOT incoming
                         ORDER BY amount DESC, y
                         LIMIT %d) largest)
                       AS unspent,
            """.formatted(LARGEST_PROOFS) + PENDING_AND_OWED;

    @Override
    public Backing backingAt(MintUrl mint, CurrencyUnit unit) {
        return read(BACKING, mint, unit);
    }

    /**
     * The largest proofs first (the unspent index's order): when they cover the payout and the balances owed, that is
     * all the guard needs; only when they do not is every unspent proof summed.
     */
    @Override
    public Backing backingFor(MintUrl mint, CurrencyUnit unit, long payout) {
        Backing byLargest = read(BACKING_BY_LARGEST, mint, unit);
        long needed = Math.addExact(payout, unit.fromMsatsCeil(byLargest.owed()));
        return byLargest.unspent() >= needed ? byLargest : backingAt(mint, unit);
    }

    private Backing read(String statement, MintUrl mint, CurrencyUnit unit) {
        return jdbc.sql(statement)
                .param("mint", mint.value())
                .param("unit", unit.code())
                .query((rs, row) ->
                        new Backing(rs.getLong("unspent"), rs.getLong("pending"), Msats.of(rs.getLong("owed"))))
                .single();
    }
}
