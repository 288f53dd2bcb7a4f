package io.routstr.gateway.application.contract;

import static io.routstr.gateway.application.contract.WalletFixtures.aKeyset;
import static io.routstr.gateway.application.contract.WalletFixtures.aMint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.port.out.WalletJournalPort;
import io.routstr.gateway.application.port.out.WalletJournalPort.Operation;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationState;
import io.routstr.gateway.application.port.out.WalletJournalPort.OutputRange;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The contract of {@link WalletJournalPort}: every implementation, in memory or on PostgreSQL, must pass it. */
public abstract class WalletJournalContract {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    protected abstract WalletJournalPort journal();

    private final KeysetId keyset = aKeyset();

    private Operation opened(OperationKind kind) {
        Operation op = Operation.prepare(
                UUID.randomUUID(),
                kind,
                aMint(),
                CurrencyUnit.SAT,
                Optional.of(QuoteId.of("quote-" + UUID.randomUUID())),
                Optional.of(TokenFingerprint.parse("ab".repeat(32))),
                NOW);
        journal().open(op);
        return op;
    }

    @Test
    void anOpenedOperation_isFoundAsPrepared() {
        Operation op = opened(OperationKind.MELT);

        assertThat(journal().find(op.id())).contains(op);
    }

    @Test
    void reserveOutputs_advancesTheKeysetCounterAndRecordsTheRange() {
        Operation first = opened(OperationKind.RECEIVE);
        Operation second = opened(OperationKind.SEND);

        OutputRange a = journal().reserveOutputs(first.id(), keyset, 3, NOW);
        OutputRange b = journal().reserveOutputs(second.id(), keyset, 2, NOW);

        assertThat(a).isEqualTo(new OutputRange(keyset, 0, 3));
        assertThat(b).isEqualTo(new OutputRange(keyset, 3, 2));
        assertThat(journal().nextCounter(keyset)).isEqualTo(5);
        assertThat(journal().find(first.id()).orElseThrow()).satisfies(op -> {
            assertThat(op.state()).isEqualTo(OperationState.IN_FLIGHT);
            assertThat(op.outputs()).contains(a);
        });
    }

    @Test
    void openWithOutputs_recordsTheOperationInFlight_withTheNextCountersOfItsKeyset() {
        Operation earlier = opened(OperationKind.SEND);
        journal().reserveOutputs(earlier.id(), keyset, 3, NOW);
        Operation receive = Operation.prepare(
                UUID.randomUUID(),
                OperationKind.RECEIVE,
                aMint(),
                CurrencyUnit.SAT,
                Optional.empty(),
                Optional.of(TokenFingerprint.parse("cd".repeat(32))),
                NOW);

        OutputRange range = journal().openWithOutputs(receive, keyset, 2);

        assertThat(range).isEqualTo(new OutputRange(keyset, 3, 2));
        assertThat(journal().nextCounter(keyset)).isEqualTo(5);
        assertThat(journal().find(receive.id())).hasValueSatisfying(op -> {
            assertThat(op.state()).isEqualTo(OperationState.IN_FLIGHT);
            assertThat(op.outputs()).contains(range);
            assertThat(op.fingerprint()).isEqualTo(receive.fingerprint());
        });
    }

    @Test
    void reserveOutputs_twiceForOneOperation_isRefused() {
        Operation op = opened(OperationKind.RECEIVE);
        journal().reserveOutputs(op.id(), keyset, 1, NOW);

        assertThatThrownBy(() -> journal().reserveOutputs(op.id(), keyset, 1, NOW))
                .isInstanceOf(IllegalStateException.class);
        assertThat(journal().nextCounter(keyset)).isEqualTo(1);
    }

    @Test
    void concurrentReservations_getDisjointCounterRanges() throws Exception {
        List<Callable<OutputRange>> reservations = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Operation op = opened(OperationKind.RECEIVE);
            reservations.add(() -> journal().reserveOutputs(op.id(), keyset, 4, NOW));
        }
        Set<Long> counters = new HashSet<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<OutputRange> range : pool.invokeAll(reservations)) {
                OutputRange r = range.get();
                for (long c = r.first(); c < r.first() + r.count(); c++) {
                    assertThat(counters.add(c))
                            .as("counter %d handed out twice", c)
                            .isTrue();
                }
            }
        }
        assertThat(counters).hasSize(48);
        assertThat(journal().nextCounter(keyset)).isEqualTo(48);
    }

    @Test
    void anUnusedKeyset_startsAtCounterZero() {
        assertThat(journal().nextCounter(aKeyset())).isZero();
    }

    @Test
    void finish_happensOnceAndKeepsTheSettledAmount() {
        Operation op = opened(OperationKind.RECEIVE);

        assertThat(journal().finish(op.id(), OperationState.COMPLETED, 99, NOW)).isTrue();
        assertThat(journal().finish(op.id(), OperationState.FAILED, 0, NOW)).isFalse();

        assertThat(journal().find(op.id()).orElseThrow()).satisfies(found -> {
            assertThat(found.state()).isEqualTo(OperationState.COMPLETED);
            assertThat(found.settledAmount()).isEqualTo(99);
        });
    }

    @Test
    void anOperationRecordedFinished_isFoundFinishedWithItsAmount_andFinishesNoMore() {
        MintUrl mint = aMint();
        Operation op = Operation.prepare(
                UUID.randomUUID(), OperationKind.SEND, mint, CurrencyUnit.SAT, Optional.empty(), Optional.empty(), NOW);

        journal().recordFinished(op, OperationState.COMPLETED, 8, NOW.plusSeconds(1));

        assertThat(journal().find(op.id()).orElseThrow()).satisfies(found -> {
            assertThat(found.kind()).isEqualTo(OperationKind.SEND);
            assertThat(found.mint()).isEqualTo(mint);
            assertThat(found.state()).isEqualTo(OperationState.COMPLETED);
            assertThat(found.settledAmount()).isEqualTo(8);
            assertThat(found.outputs()).isEmpty();
        });
        assertThat(journal().finish(op.id(), OperationState.FAILED, 0, NOW)).isFalse();
    }

    @Test
    void anOperationIsRecordedFinished_onlyInAFinalState() {
        Operation op = Operation.prepare(
                UUID.randomUUID(),
                OperationKind.SEND,
                aMint(),
                CurrencyUnit.SAT,
                Optional.empty(),
                Optional.empty(),
                NOW);

        assertThatThrownBy(() -> journal().recordFinished(op, OperationState.IN_FLIGHT, 8, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(journal().find(op.id())).isEmpty();
    }

    @Test
    void markInFlight_movesOnlyAPreparedOperation() {
        Operation op = opened(OperationKind.MELT);

        assertThat(journal().markInFlight(op.id(), NOW)).isTrue();
        assertThat(journal().markInFlight(op.id(), NOW)).isFalse();
        assertThat(journal().find(op.id()).orElseThrow().state()).isEqualTo(OperationState.IN_FLIGHT);
    }

    @Test
    void claimStale_leasesUnfinishedOldOperationsOnce() {
        Operation stale = opened(OperationKind.SEND);
        Operation done = opened(OperationKind.SEND);
        journal().finish(done.id(), OperationState.COMPLETED, 1, NOW);
        Instant later = NOW.plus(Duration.ofMinutes(10));

        List<UUID> leased = journal().claimStale(later, later, 1000).stream()
                .map(Operation::id)
                .toList();
        List<UUID> again = journal().claimStale(later, later, 1000).stream()
                .map(Operation::id)
                .toList();

        assertThat(leased).contains(stale.id()).doesNotContain(done.id());
        assertThat(again).doesNotContain(stale.id());
        assertThat(journal().find(stale.id()).orElseThrow().updatedAt()).isEqualTo(later);
    }
}
