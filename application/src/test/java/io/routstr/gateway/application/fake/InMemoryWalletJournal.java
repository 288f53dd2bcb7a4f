package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.WalletJournalPort;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** {@link WalletJournalPort} in memory; every method is atomic (one lock), like a transaction. */
public final class InMemoryWalletJournal implements WalletJournalPort {

    private final Map<UUID, Operation> operations = new LinkedHashMap<>();
    private final Map<KeysetId, Long> counters = new HashMap<>();
    private final ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);
    private final AtomicInteger transactions = new AtomicInteger();

    /**
     * Counts the transactions a database would commit (a call inside another joins it), so that tests can say how many
     * commits a wallet step costs; the work itself runs as it is, every method atomic on its own.
     */
    @Override
    public <T> T inOneTransaction(Supplier<T> work, Predicate<? super T> keep) {
        if (depth.get() == 0) {
            transactions.incrementAndGet();
        }
        depth.set(depth.get() + 1);
        try {
            return work.get();
        } finally {
            depth.set(depth.get() - 1);
        }
    }

    /** The transactions begun outside any other so far. */
    public int transactions() {
        return transactions.get();
    }

    @Override
    public synchronized void open(Operation operation) {
        if (operation.state() != OperationState.PREPARED) {
            throw new IllegalArgumentException("an operation opens PREPARED");
        }
        if (operations.putIfAbsent(operation.id(), operation) != null) {
            throw new IllegalStateException("operation " + operation.id() + " exists");
        }
    }

    @Override
    public synchronized OutputRange reserveOutputs(UUID operationId, KeysetId keysetId, int count, Instant now) {
        Operation op = operations.get(operationId);
        if (op == null || op.state() != OperationState.PREPARED) {
            throw new IllegalStateException("outputs are reserved for a PREPARED operation only");
        }
        long first = counters.getOrDefault(keysetId, 0L);
        OutputRange range = new OutputRange(keysetId, first, count);
        counters.put(keysetId, Math.addExact(first, count));
        operations.put(operationId, with(op, OperationState.IN_FLIGHT, Optional.of(range), op.settledAmount(), now));
        return range;
    }

    @Override
    public synchronized boolean markInFlight(UUID operationId, Instant now) {
        Operation op = operations.get(operationId);
        if (op == null || op.state() != OperationState.PREPARED) {
            return false;
        }
        operations.put(operationId, with(op, OperationState.IN_FLIGHT, op.outputs(), op.settledAmount(), now));
        return true;
    }

    @Override
    public synchronized boolean finish(UUID operationId, OperationState state, long settledAmount, Instant now) {
        if (!state.isFinal()) {
            throw new IllegalArgumentException("finish with a final state");
        }
        Operation op = operations.get(operationId);
        if (op == null || op.state().isFinal()) {
            return false;
        }
        operations.put(operationId, with(op, state, op.outputs(), settledAmount, now));
        return true;
    }

    @Override
    public synchronized Optional<Operation> find(UUID operationId) {
        return Optional.ofNullable(operations.get(operationId));
    }

    @Override
    public synchronized List<Operation> findMintsOfQuote(MintUrl mint, QuoteId quoteId) {
        return operations.values().stream()
                .filter(op -> op.kind() == OperationKind.MINT
                        && op.mint().equals(mint)
                        && op.quoteId().equals(Optional.of(quoteId)))
                .sorted((a, b) -> b.createdAt().compareTo(a.createdAt()))
                .toList();
    }

    @Override
    public synchronized List<Operation> findReceivesOf(TokenFingerprint fingerprint) {
        return operations.values().stream()
                .filter(op ->
                        op.kind() == OperationKind.RECEIVE && op.fingerprint().equals(Optional.of(fingerprint)))
                .sorted((a, b) -> b.createdAt().compareTo(a.createdAt()))
                .toList();
    }

    @Override
    public synchronized List<Operation> claimStale(Instant olderThan, Instant now, int limit) {
        List<Operation> stale = operations.values().stream()
                .filter(op -> !op.state().isFinal() && op.updatedAt().isBefore(olderThan))
                .sorted((a, b) -> a.createdAt().compareTo(b.createdAt()))
                .limit(limit)
                .toList();
        stale.forEach(op -> operations.put(op.id(), with(op, op.state(), op.outputs(), op.settledAmount(), now)));
        return stale.stream().map(op -> operations.get(op.id())).toList();
    }

    @Override
    public synchronized long nextCounter(KeysetId keysetId) {
        return counters.getOrDefault(keysetId, 0L);
    }

    private static Operation with(
            Operation op, OperationState state, Optional<OutputRange> outputs, long settled, Instant now) {
        return new Operation(
                op.id(),
                op.kind(),
                op.mint(),
                op.unit(),
                state,
                outputs,
                op.quoteId(),
                op.fingerprint(),
                settled,
                op.createdAt(),
                now);
    }
}
