package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.lightning.LightningInvoice;
import io.routstr.gateway.domain.lightning.LightningInvoice.InvoiceState;
import io.routstr.gateway.domain.lightning.LightningInvoice.Purpose;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract of {@link LightningInvoicePort}, for the in-memory fake and PostgreSQL. */
public abstract class LightningInvoiceContract {

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    protected abstract LightningInvoicePort invoices();

    private LightningInvoice saved(Instant createdAt) {
        String id = UUID.randomUUID().toString().substring(0, 22);
        LightningInvoice invoice = new LightningInvoice(
                id,
                "lnbc10n1" + id,
                QuoteId.of("quote-" + id),
                MintUrl.of("http://mint.test"),
                CurrencyUnit.SAT,
                10,
                Purpose.CREATE,
                Optional.empty(),
                Optional.of(new KeyHash("ab".repeat(32))),
                Optional.empty(),
                Optional.empty(),
                InvoiceState.PENDING,
                createdAt,
                createdAt.plus(Duration.ofHours(1)),
                Optional.empty());
        invoices().save(invoice);
        return invoice;
    }

    private InvoiceState stateOf(LightningInvoice invoice) {
        return invoices().findById(invoice.id()).orElseThrow().state();
    }

    @Test
    void anInvoiceIsFoundByIdAndByItsBolt11() {
        LightningInvoice invoice = saved(now);

        assertThat(invoices().findById(invoice.id())).contains(invoice);
        assertThat(invoices().findByBolt11(invoice.bolt11())).contains(invoice);
        assertThat(invoices().findById("missing")).isEmpty();
    }

    @Test
    void aTransitionHappensOnlyFromTheExpectedStates() {
        LightningInvoice invoice = saved(now);

        assertThat(invoices()
                        .transition(invoice.id(), List.of(InvoiceState.EXPIRED), InvoiceState.SETTLEMENT_PENDING, now))
                .isFalse();
        assertThat(invoices()
                        .transition(invoice.id(), List.of(InvoiceState.PENDING), InvoiceState.SETTLEMENT_PENDING, now))
                .isTrue();
        assertThat(invoices()
                        .transition(invoice.id(), List.of(InvoiceState.PENDING), InvoiceState.SETTLEMENT_PENDING, now))
                .isFalse();
        assertThat(stateOf(invoice)).isEqualTo(InvoiceState.SETTLEMENT_PENDING);
    }

    @Test
    void onlyASettlingInvoiceCanBeMarkedPaid() {
        LightningInvoice invoice = saved(now);

        assertThat(invoices().markPaid(invoice.id(), now)).isFalse();
        invoices().transition(invoice.id(), List.of(InvoiceState.PENDING), InvoiceState.SETTLEMENT_PENDING, now);
        assertThat(invoices().markPaid(invoice.id(), now)).isTrue();

        LightningInvoice paid = invoices().findById(invoice.id()).orElseThrow();
        assertThat(paid.state()).isEqualTo(InvoiceState.PAID);
        assertThat(paid.paidAt()).contains(now);
    }

    @Test
    void overdueInvoicesExpireOnTheNodesClock() {
        LightningInvoice old = saved(now.minus(Duration.ofHours(2)));
        LightningInvoice fresh = saved(now);

        invoices().expireOverdue(now);

        assertThat(stateOf(old)).isEqualTo(InvoiceState.EXPIRED);
        assertThat(stateOf(fresh)).isEqualTo(InvoiceState.PENDING);
    }

    @Test
    void dueInvoicesAreClaimedThenLeftAloneUntilTheirNextCheck() {
        LightningInvoice invoice = saved(now);
        Instant later = now.plusSeconds(1);

        List<String> first =
                invoices()
                        .claimDueForCheck(later, now.minus(Duration.ofDays(1)), 10_000, i -> later.plusSeconds(10))
                        .stream()
                        .map(LightningInvoice::id)
                        .toList();
        List<String> again =
                invoices()
                        .claimDueForCheck(later, now.minus(Duration.ofDays(1)), 10_000, i -> later.plusSeconds(10))
                        .stream()
                        .map(LightningInvoice::id)
                        .toList();
        List<String> afterRecheck = invoices()
                .claimDueForCheck(
                        later.plusSeconds(11), now.minus(Duration.ofDays(1)), 10_000, i -> later.plusSeconds(30))
                .stream()
                .map(LightningInvoice::id)
                .toList();

        assertThat(first).contains(invoice.id());
        assertThat(again).doesNotContain(invoice.id());
        assertThat(afterRecheck).contains(invoice.id());
    }

    @Test
    void theLongestOverdueInvoiceIsClaimedFirst_soSettlingOnesThatKeepFailingCannotCrowdOutAFreshOne() {
        List<LightningInvoice> stuck = List.of(saved(now), saved(now), saved(now));
        for (LightningInvoice invoice : stuck) {
            invoices().transition(invoice.id(), List.of(InvoiceState.PENDING), InvoiceState.SETTLEMENT_PENDING, now);
        }
        Instant claimedAt = now.plusSeconds(1);
        invoices().claimDueForCheck(claimedAt, now.minus(Duration.ofDays(1)), 10_000, i -> claimedAt.plusSeconds(10));
        LightningInvoice fresh = saved(now.plusSeconds(5));

        List<String> next = invoices()
                .claimDueForCheck(now.plusSeconds(60), now.minus(Duration.ofDays(1)), 1, i -> now.plusSeconds(120))
                .stream()
                .map(LightningInvoice::id)
                .toList();

        assertThat(next).containsExactly(fresh.id());
    }

    @Test
    void expiredInvoicesAreCheckedOnlyInsideTheGraceWindow() {
        LightningInvoice invoice = saved(now.minus(Duration.ofDays(3)));
        invoices().expireOverdue(now);

        assertThat(
                        invoices()
                                .claimDueForCheck(now, now.minus(Duration.ofDays(1)), 10_000, i -> now.plusSeconds(10))
                                .stream()
                                .map(LightningInvoice::id))
                .doesNotContain(invoice.id());
    }
}
