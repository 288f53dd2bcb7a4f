package io.routstr.gateway.application.service.admin;

import io.routstr.gateway.application.port.in.admin.AdminReportsUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.admin.AdminQueryPort;
import io.routstr.gateway.application.port.out.admin.OwnerWithdrawalPort;
import io.routstr.gateway.domain.admin.InvoiceSummary;
import io.routstr.gateway.domain.admin.OwnerWithdrawal;
import io.routstr.gateway.domain.admin.UsageBucket;
import io.routstr.gateway.domain.admin.WalletOperationSummary;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Reads the operator's reports, bounding every page and span. */
public record AdminReportsService(AdminQueryPort queries, OwnerWithdrawalPort withdrawals, ClockPort clock)
        implements AdminReportsUseCase {

    /** Routstr keeps a year of analytics (§2.5: at most 365 days). */
    private static final int MAX_DAYS = 365;

    @Override
    public List<UsageBucket> usage(UsageBucket.Granularity granularity, int span) {
        return queries.usage(granularity, since(granularity, span, clock.now()));
    }

    /** The start of the first of the last {@code span} hours or days at {@code now}, the span bounded to a year. */
    static Instant since(UsageBucket.Granularity granularity, int span, Instant now) {
        return switch (granularity) {
            case HOUR ->
                now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(Math.clamp(span, 1, MAX_DAYS * 24) - 1L));
            case DAY -> now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(Math.clamp(span, 1, MAX_DAYS) - 1L));
        };
    }

    @Override
    public List<LedgerEntry> transactions(Optional<LedgerEntryType> type, int limit, int offset) {
        return queries.ledgerEntries(type, Math.clamp(limit, 1, MAX_ROWS), Math.max(0, offset));
    }

    @Override
    public List<InvoiceSummary> invoices(Optional<String> state, int limit, int offset) {
        return queries.invoices(state, Math.clamp(limit, 1, MAX_ROWS), Math.max(0, offset));
    }

    @Override
    public List<WalletOperationSummary> cashuOperations(int limit, int offset) {
        return queries.walletOperations(Math.clamp(limit, 1, MAX_ROWS), Math.max(0, offset));
    }

    @Override
    public List<OwnerWithdrawal> withdrawals(int limit) {
        return withdrawals.latest(Math.clamp(limit, 1, MAX_ROWS));
    }
}
