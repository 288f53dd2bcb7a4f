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

    @Override
    public Backing backingAt(MintUrl mint, CurrencyUnit unit) {
        return jdbc.sql("""
                        WITH p AS (
                            SELECT COALESCE(SUM(amount) FILTER (WHERE state = 'UNSPENT'), 0) AS unspent,
                                   COALESCE(SUM(amount) FILTER (WHERE state = 'PENDING'), 0) AS pending
                              FROM wallet_proofs
                             WHERE mint_url = :mint AND unit = :unit AND state IN ('UNSPENT', 'PENDING')
                               AND NOT incoming),
                        o AS (
                            SELECT COALESCE(SUM(balance_msats), 0) AS owed FROM api_keys
                             WHERE balance_msats > 0 AND refund_mint_url = :mint AND refund_unit = :unit)
                        SELECT p.unspent, p.pending, o.owed FROM p, o
                        """)
                .param("mint", mint.value())
                .param("unit", unit.code())
                .query((rs, row) ->
                        new Backing(rs.getLong("unspent"), rs.getLong("pending"), Msats.of(rs.getLong("owed"))))
                .single();
    }
}
