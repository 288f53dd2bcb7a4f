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

    /**
     * Each sum from its own partial index (unspent, pending, keys with a balance), never a scan of every proof the
     * wallet ever held or of every key the node ever opened.
     */
    static final String BACKING = """
            SELECT (SELECT COALESCE(SUM(amount), 0) FROM wallet_proofs
                     WHERE mint_url = :mint AND unit = :unit AND state = 'UNSPENT' AND NOT incoming)
                       AS unspent,
                   (SELECT COALESCE(SUM(amount), 0) FROM wallet_proofs
                     WHERE mint_url = :mint AND unit = :unit AND state = 'PENDING' AND NOT incoming)
                       AS pending,
                   (SELECT COALESCE(SUM(balance_msats), 0) FROM api_keys
                     WHERE has_balance AND refund_mint_url = :mint AND refund_unit = :unit)
                       AS owed
            """;

    @Override
    public Backing backingAt(MintUrl mint, CurrencyUnit unit) {
        return jdbc.sql(BACKING)
                .param("mint", mint.value())
                .param("unit", unit.code())
                .query((rs, row) ->
                        new Backing(rs.getLong("unspent"), rs.getLong("pending"), Msats.of(rs.getLong("owed"))))
                .single();
    }
}
