package io.routstr.gateway.bootstrap.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the money tables directly (SQL, no node involved) at a quiet moment and lists every way they disagree:
 *
 * <ul>
 *   <li>the ledger invariant: {@code Σ effect × amount} over all entries equals the sum of key balances (the effects
 *       of {@code LedgerEntryType}: deposits and reversals add, charges, fees, refunds and withdrawals take);
 *   <li>nothing is held: no ACTIVE reservation, no reserved msats, no wallet operation unfinished, no proof PENDING or
 *       still incoming, no token redemption claimed and never finished, no refund claim OPEN or UNRESOLVED, no invoice
 *       in settlement, waiting for reconciliation or FAILED;
 *   <li>per mint: the wallet's UNSPENT proofs equal what customers are owed there (balances of keys refunding to that
 *       mint) plus the owner's funds there (charges and fees those keys paid, less payouts, less the input fees the
 *       mint kept on the node's own swaps, booked as MINT_FEE);
 *   <li>each record agrees with the ledger: a finished refund claim has one debit of its amount (and one reversal if
 *       REVERSED, a token if paid as ecash), a completed token redemption and a paid invoice one deposit each, and no
 *       deposit names a token or invoice that is not completed or paid.
 * </ul>
 */
final class MoneyAudit {

    private final JdbcTemplate jdbc;

    MoneyAudit(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What the audit found; {@link #problems()} is empty when the money adds up. */
    record Report(
            long ledgerBalances,
            long sumOfBalances,
            long activeReservations,
            long reservedMsats,
            Map<String, Long> proofsMsats,
            Map<String, Long> liabilitiesMsats,
            Map<String, Long> ownerFundsMsats,
            long pendingProofs,
            long incomingProofs,
            long unfinishedWalletOperations,
            long claimedRedemptions,
            List<String> problems) {

        boolean clean() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            return "ledger says balances=" + ledgerBalances + " msat, keys hold " + sumOfBalances + " msat; "
                    + activeReservations + " ACTIVE reservations holding " + reservedMsats + " msat; per mint: proofs "
                    + proofsMsats + ", liabilities " + liabilitiesMsats + ", owner funds " + ownerFundsMsats + "; "
                    + pendingProofs + " PENDING and " + incomingProofs + " incoming proofs; "
                    + unfinishedWalletOperations + " unfinished wallet operations; " + claimedRedemptions
                    + " token redemptions claimed but unfinished; problems: " + problems;
        }
    }

    Report run() {
        List<String> problems = new ArrayList<>();
        long ledgerBalances = single("""
                SELECT COALESCE(SUM(CASE WHEN entry_type IN ('DEPOSIT', 'REVERSAL') THEN amount_msats
                                         WHEN entry_type IN ('CHARGE', 'FEE', 'REFUND', 'WITHDRAWAL') THEN -amount_msats
                                         ELSE 0 END), 0)
                  FROM ledger_entries""");
        long sumOfBalances = single("SELECT COALESCE(SUM(balance_msats), 0) FROM api_keys");
        if (ledgerBalances != sumOfBalances) {
            problems.add("ledger invariant broken: entries say customers hold " + ledgerBalances + " msat, keys hold "
                    + sumOfBalances + " msat (discrepancy " + (sumOfBalances - ledgerBalances) + ")");
        }
        long active = single("SELECT count(*) FROM reservations WHERE state = 'ACTIVE'");
        long reserved = single("SELECT COALESCE(SUM(reserved_msats), 0) FROM api_keys");
        if (active != 0 || reserved != 0) {
            problems.add(active + " ACTIVE reservations and " + reserved + " reserved msats left");
        }
        Map<String, Long> proofs = perMint("""
                SELECT mint_url, SUM(amount * CASE unit WHEN 'sat' THEN 1000 ELSE 1 END)
                  FROM wallet_proofs WHERE state = 'UNSPENT' AND NOT incoming GROUP BY mint_url""");
        Map<String, Long> liabilities = perMint("""
                SELECT refund_mint_url, SUM(balance_msats) FROM api_keys GROUP BY refund_mint_url""");
        // Owner funds at a mint: what the keys refunding there paid in charges and fees, less payouts, less the input
        // fees the mint kept on the node's own swaps there (MINT_FEE, booked per refund claim under its reference).
        Map<String, Long> ownerFunds = perMint("""
                SELECT mint, SUM(amount) FROM (
                    SELECT k.refund_mint_url AS mint,
                           CASE WHEN e.entry_type IN ('CHARGE', 'FEE') THEN e.amount_msats
                                WHEN e.entry_type = 'PAYOUT' THEN -e.amount_msats ELSE 0 END AS amount
                      FROM ledger_entries e JOIN api_keys k ON k.id = e.key_id
                    UNION ALL
                    SELECT r.mint_url, -e.amount_msats
                      FROM ledger_entries e JOIN refunds r ON e.reference = 'mint-fee:refund:' || r.id
                     WHERE e.entry_type = 'MINT_FEE') owner
                 GROUP BY mint""");
        long unattributedMintFees = single("""
                SELECT count(*) FROM ledger_entries e
                 WHERE e.entry_type = 'MINT_FEE'
                   AND NOT EXISTS (SELECT 1 FROM refunds r WHERE e.reference = 'mint-fee:refund:' || r.id)""");
        if (unattributedMintFees != 0) {
            problems.add(unattributedMintFees + " mint fees name no refund claim: the audit cannot attribute them");
        }
        long unattributedPayouts =
                single("SELECT count(*) FROM ledger_entries WHERE entry_type = 'PAYOUT' AND key_id IS NULL");
        if (unattributedPayouts != 0) {
            problems.add(unattributedPayouts + " payouts name no mint: the audit cannot attribute them");
        }
        var mints = new java.util.TreeSet<String>();
        mints.addAll(proofs.keySet());
        mints.addAll(liabilities.keySet());
        mints.addAll(ownerFunds.keySet());
        for (String mint : mints) {
            long held = proofs.getOrDefault(mint, 0L);
            long owed = liabilities.getOrDefault(mint, 0L) + ownerFunds.getOrDefault(mint, 0L);
            if (held != owed) {
                problems.add("at " + mint + " the wallet holds " + held + " msat of proofs but owes customers "
                        + liabilities.getOrDefault(mint, 0L) + " + owner " + ownerFunds.getOrDefault(mint, 0L) + " = "
                        + owed + " msat (difference " + (held - owed) + ")");
            }
        }
        long pending = single("SELECT count(*) FROM wallet_proofs WHERE state = 'PENDING'");
        long incoming = single("SELECT count(*) FROM wallet_proofs WHERE incoming AND state <> 'SPENT'");
        long unfinished = single("SELECT count(*) FROM wallet_operations WHERE state IN ('PREPARED', 'IN_FLIGHT')");
        long claimed = single("SELECT count(*) FROM token_redemptions WHERE state = 'CLAIMED'");
        long openRefunds = single("SELECT count(*) FROM refunds WHERE status IN ('OPEN', 'UNRESOLVED')");
        long unsettledInvoices = single("""
                SELECT count(*) FROM lightning_invoices
                 WHERE state IN ('SETTLEMENT_PENDING', 'RECONCILIATION_REQUIRED', 'FAILED')""");
        if (pending != 0
                || incoming != 0
                || unfinished != 0
                || claimed != 0
                || openRefunds != 0
                || unsettledInvoices != 0) {
            problems.add("left unresolved: " + pending + " PENDING proofs, " + incoming + " incoming proofs, "
                    + unfinished + " unfinished wallet operations, " + claimed + " claimed token redemptions, "
                    + openRefunds + " open or unresolved refund claims, " + unsettledInvoices
                    + " invoices in settlement, to reconcile or failed");
        }
        // Each finished refund claim debited its key once, by its amount, and a reversed one put it back once.
        long refundsMisbooked = single("""
                SELECT count(*) FROM refunds r
                 WHERE (SELECT count(*) FROM ledger_entries e
                         WHERE e.reference = 'refund:' || r.id AND e.entry_type IN ('REFUND', 'WITHDRAWAL')
                           AND e.amount_msats = r.amount_msats AND e.key_id = r.key_id) <> 1
                    OR (SELECT count(*) FROM ledger_entries e
                         WHERE e.reference = 'refund:' || r.id AND e.entry_type = 'REVERSAL'
                           AND e.amount_msats = r.amount_msats AND e.key_id = r.key_id)
                       <> CASE r.status WHEN 'REVERSED' THEN 1 ELSE 0 END
                    OR (r.status = 'COMPLETED' AND r.lightning_address IS NULL AND r.token IS NULL)""");
        if (refundsMisbooked != 0) {
            problems.add(
                    refundsMisbooked + " refund claims whose debit, reversal or token disagrees with their status");
        }
        // Each deposited token was credited exactly once, under its reference; a credited token is a finished claim.
        long tokensMisbooked = single("""
                SELECT count(*) FROM token_redemptions t
                 WHERE t.state = 'COMPLETED'
                   AND (SELECT count(*) FROM ledger_entries e
                         WHERE e.entry_type = 'DEPOSIT' AND e.reference = 'token:' || t.token_hash) <> 1""");
        long creditsOfUnfinishedClaims = single("""
                SELECT count(*) FROM token_redemptions t
                 WHERE t.state <> 'COMPLETED'
                   AND EXISTS (SELECT 1 FROM ledger_entries e
                                WHERE e.entry_type = 'DEPOSIT' AND e.reference = 'token:' || t.token_hash)""");
        if (tokensMisbooked != 0 || creditsOfUnfinishedClaims != 0) {
            problems.add(tokensMisbooked + " completed token redemptions not credited exactly once, "
                    + creditsOfUnfinishedClaims + " credited tokens whose redemption is not completed");
        }
        // Each paid invoice was credited exactly once, and nothing was credited for an invoice not paid.
        long invoicesMisbooked = single("""
                SELECT count(*) FROM lightning_invoices i
                 WHERE i.state = 'PAID'
                   AND (SELECT count(*) FROM ledger_entries e
                         WHERE e.entry_type = 'DEPOSIT' AND e.reference = 'invoice:' || i.id) <> 1""");
        long creditsOfUnpaidInvoices = single("""
                SELECT count(*) FROM ledger_entries e
                 WHERE e.entry_type = 'DEPOSIT' AND e.reference LIKE 'invoice:%'
                   AND NOT EXISTS (SELECT 1 FROM lightning_invoices i
                                    WHERE e.reference = 'invoice:' || i.id AND i.state = 'PAID')""");
        if (invoicesMisbooked != 0 || creditsOfUnpaidInvoices != 0) {
            problems.add(invoicesMisbooked + " paid invoices not credited exactly once, " + creditsOfUnpaidInvoices
                    + " deposits of invoices not paid");
        }
        return new Report(
                ledgerBalances,
                sumOfBalances,
                active,
                reserved,
                proofs,
                liabilities,
                ownerFunds,
                pending,
                incoming,
                unfinished,
                claimed,
                List.copyOf(problems));
    }

    /** Times a token was credited: deposits booked under its reference {@code token:<sha256>}. */
    long depositsOfToken(String tokenHash) {
        return single("SELECT count(*) FROM ledger_entries WHERE entry_type = 'DEPOSIT' AND reference = ?", tokenHash);
    }

    long single(String sql, Object... args) {
        Long value = jdbc.queryForObject(sql, Long.class, args);
        return value == null ? 0 : value;
    }

    private Map<String, Long> perMint(String sql) {
        Map<String, Long> out = new TreeMap<>();
        jdbc.query(sql, rs -> {
            out.put(rs.getString(1), rs.getLong(2));
        });
        return out;
    }
}
