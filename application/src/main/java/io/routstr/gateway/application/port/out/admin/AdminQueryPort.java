package io.routstr.gateway.application.port.out.admin;

import io.routstr.gateway.domain.admin.InvoiceSummary;
import io.routstr.gateway.domain.admin.KeyPage;
import io.routstr.gateway.domain.admin.ModelUsageBucket;
import io.routstr.gateway.domain.admin.UsageBucket;
import io.routstr.gateway.domain.admin.WalletOperationSummary;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RateLimits;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: the read-only views the operator browses: keys, ledger entries, usage over time, invoices. */
public interface AdminQueryPort {

    /** Keys whose hash starts with {@code hashPrefix} (all when empty), newest first. */
    KeyPage keys(String hashPrefix, int limit, int offset);

    /** The key's own request-rate, token-rate and concurrency limits ({@link RateLimits#NONE} when it has none). */
    RateLimits rateLimits(ApiKeyId key);

    /** Ledger entries, newest first, of one type or of all. */
    List<LedgerEntry> ledgerEntries(Optional<LedgerEntryType> type, int limit, int offset);

    /** Ledger totals per hour or day since {@code since}, oldest first; buckets with nothing booked are left out. */
    List<UsageBucket> usage(UsageBucket.Granularity granularity, Instant since);

    /**
     * What the ledger booked per model per hour or day since {@code since}, oldest first, then by model; only charges
     * booked with their model count.
     */
    List<ModelUsageBucket> usageByModel(UsageBucket.Granularity granularity, Instant since);

    /** The wallet's Cashu operations (receive, send, melt, mint), newest first. */
    List<WalletOperationSummary> walletOperations(int limit, int offset);

    /** Lightning invoices, newest first, of one state or of all. */
    List<InvoiceSummary> invoices(Optional<String> state, int limit, int offset);
}
