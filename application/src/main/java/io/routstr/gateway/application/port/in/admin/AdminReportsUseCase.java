package io.routstr.gateway.application.port.in.admin;

import io.routstr.gateway.domain.admin.InvoiceSummary;
import io.routstr.gateway.domain.admin.OwnerWithdrawal;
import io.routstr.gateway.domain.admin.UsageBucket;
import io.routstr.gateway.domain.admin.WalletOperationSummary;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import java.util.List;
import java.util.Optional;

/**
 * Use case: what the operator reads about the node's business, all from the ledger and the node's own tables (never
 * from logs): usage per hour or day, ledger entries, Lightning invoices, owner withdrawals.
 */
public interface AdminReportsUseCase {

    int MAX_ROWS = 500;

    /** Buckets over the last {@code span} hours (hourly) or days (daily), oldest first. */
    List<UsageBucket> usage(UsageBucket.Granularity granularity, int span);

    List<LedgerEntry> transactions(Optional<LedgerEntryType> type, int limit, int offset);

    List<InvoiceSummary> invoices(Optional<String> state, int limit, int offset);

    List<OwnerWithdrawal> withdrawals(int limit);

    List<WalletOperationSummary> cashuOperations(int limit, int offset);
}
