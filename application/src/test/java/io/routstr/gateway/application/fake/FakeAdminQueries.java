package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.admin.AdminQueryPort;
import io.routstr.gateway.domain.admin.InvoiceSummary;
import io.routstr.gateway.domain.admin.KeyPage;
import io.routstr.gateway.domain.admin.ModelUsageBucket;
import io.routstr.gateway.domain.admin.UsageBucket;
import io.routstr.gateway.domain.admin.WalletOperationSummary;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RateLimits;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AdminQueryPort} over rows the test puts in: keys, rate limits, ledger entries, usage buckets, wallet
 * operations and invoices, each answered newest first and paged as the database's views are.
 */
public final class FakeAdminQueries implements AdminQueryPort {

    private final List<ApiKey> keys = new ArrayList<>();
    private final Map<ApiKeyId, RateLimits> limits = new HashMap<>();
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final List<UsageBucket> usage = new ArrayList<>();
    private final List<ModelUsageBucket> modelUsage = new ArrayList<>();
    private final List<WalletOperationSummary> operations = new ArrayList<>();
    private final List<InvoiceSummary> invoices = new ArrayList<>();

    public synchronized FakeAdminQueries withKey(ApiKey key) {
        keys.add(key);
        return this;
    }

    public synchronized FakeAdminQueries withRateLimits(ApiKeyId key, RateLimits rateLimits) {
        limits.put(key, rateLimits);
        return this;
    }

    public synchronized FakeAdminQueries withEntry(LedgerEntry entry) {
        entries.add(entry);
        return this;
    }

    public synchronized FakeAdminQueries withUsage(UsageBucket bucket) {
        usage.add(bucket);
        return this;
    }

    public synchronized FakeAdminQueries withModelUsage(ModelUsageBucket bucket) {
        modelUsage.add(bucket);
        return this;
    }

    public synchronized FakeAdminQueries withWalletOperation(WalletOperationSummary operation) {
        operations.add(operation);
        return this;
    }

    public synchronized FakeAdminQueries withInvoice(InvoiceSummary invoice) {
        invoices.add(invoice);
        return this;
    }

    @Override
    public synchronized KeyPage keys(String hashPrefix, int limit, int offset) {
        List<ApiKey> matching = keys.stream()
                .filter(k -> k.keyHash().value().startsWith(hashPrefix))
                .sorted(Comparator.comparing(ApiKey::createdAt).reversed())
                .toList();
        return new KeyPage(
                matching.stream().skip(offset).limit(limit).toList(),
                matching.size(),
                matching.stream().map(ApiKey::balance).reduce(Msats.ZERO, Msats::plus),
                matching.stream().map(ApiKey::totalSpent).reduce(Msats.ZERO, Msats::plus),
                matching.stream().mapToLong(ApiKey::totalRequests).sum());
    }

    @Override
    public synchronized RateLimits rateLimits(ApiKeyId key) {
        return limits.getOrDefault(key, RateLimits.NONE);
    }

    @Override
    public synchronized List<LedgerEntry> ledgerEntries(Optional<LedgerEntryType> type, int limit, int offset) {
        return entries.stream()
                .filter(e -> type.map(t -> e.type() == t).orElse(true))
                .sorted(Comparator.comparing(LedgerEntry::createdAt).reversed())
                .skip(offset)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<ModelUsageBucket> usageByModel(UsageBucket.Granularity granularity, Instant since) {
        return modelUsage.stream()
                .filter(b -> !b.start().isBefore(since))
                .sorted(Comparator.comparing(ModelUsageBucket::start)
                        .thenComparing(b -> b.usage().model()))
                .toList();
    }

    @Override
    public synchronized List<UsageBucket> usage(UsageBucket.Granularity granularity, Instant since) {
        return usage.stream()
                .filter(b -> !b.start().isBefore(since))
                .sorted(Comparator.comparing(UsageBucket::start))
                .toList();
    }

    @Override
    public synchronized List<WalletOperationSummary> walletOperations(int limit, int offset) {
        return operations.stream()
                .sorted(Comparator.comparing(WalletOperationSummary::createdAt).reversed())
                .skip(offset)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<InvoiceSummary> invoices(Optional<String> state, int limit, int offset) {
        return invoices.stream()
                .filter(i -> state.map(s -> i.state().equals(s)).orElse(true))
                .sorted(Comparator.comparing(InvoiceSummary::createdAt).reversed())
                .skip(offset)
                .limit(limit)
                .toList();
    }
}
