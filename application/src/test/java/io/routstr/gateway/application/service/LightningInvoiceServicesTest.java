package io.routstr.gateway.application.service;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.fake.FakeMintQuotes;
import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.InMemoryLightningInvoices;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.lightning.CreateLightningInvoiceUseCase.CreateInvoiceCommand;
import io.routstr.gateway.application.port.in.lightning.CreateLightningInvoiceUseCase.InvoiceOutcome;
import io.routstr.gateway.application.port.in.lightning.LightningInvoiceView;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.lightning.LightningInvoice;
import io.routstr.gateway.domain.lightning.LightningInvoice.InvoiceState;
import io.routstr.gateway.domain.lightning.LightningInvoice.Purpose;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LightningInvoiceServicesTest {

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryLightningInvoices invoices = new InMemoryLightningInvoices();
    private final FakeMintQuotes mint = new FakeMintQuotes();
    private final AtomicBoolean crashNextCredit = new AtomicBoolean();
    private final FundApiKeyService realFund = new FundApiKeyService(accounts, accounts, clock);
    private final FundApiKeyUseCase fund = command -> {
        if (crashNextCredit.getAndSet(false)) {
            throw new IllegalStateException("process killed between minting and crediting");
        }
        return realFund.fund(command);
    };
    private final LightningPolicy policy = LightningPolicy.defaults(MintUrl.of("http://mint.test"));
    private final CreateLightningInvoiceService create =
            new CreateLightningInvoiceService(invoices, mint, accounts, clock, policy);
    private final InvoiceSettlement settlement = new InvoiceSettlement(invoices, mint, accounts, fund, clock, policy);
    private final CheckLightningInvoiceService check = new CheckLightningInvoiceService(invoices, settlement);
    private final RecoverLightningInvoiceService recover = new RecoverLightningInvoiceService(invoices, settlement);
    private final WatchLightningInvoicesService watcher =
            new WatchLightningInvoicesService(invoices, settlement, clock, policy);

    @AfterEach
    void ledgerHolds() {
        assertThat(accounts.balanceReport().holds()).isTrue();
    }

    /** The invoice ids handed out, by the handle each invoice is stored under. */
    private final Map<String, String> invoiceIds = new HashMap<>();

    private LightningInvoice invoice(long sats, Purpose purpose, Optional<ApiKeyId> key) {
        InvoiceOutcome.Created created = (InvoiceOutcome.Created)
                create.create(new CreateInvoiceCommand(sats, purpose, key, Optional.empty(), Optional.empty()));
        invoiceIds.put(created.invoice().id(), created.invoiceId().reveal());
        return created.invoice();
    }

    /** The id the client was given for {@code invoice}. */
    private String idOf(LightningInvoice invoice) {
        return invoiceIds.get(invoice.id());
    }

    private Msats balanceOf(LightningInvoiceView view) {
        return accounts.findByHash(view.createdKey().orElseThrow().hash())
                .orElseThrow()
                .balance();
    }

    @Test
    void aPaidCreateInvoiceOpensAKeyThatOnlyTheInvoiceHolderLearns() {
        LightningInvoice invoice = invoice(2_100, Purpose.CREATE, Optional.empty());
        assertThat(check.check(idOf(invoice)).orElseThrow().invoice().state()).isEqualTo(InvoiceState.PENDING);
        assertThat(check.check(idOf(invoice)).orElseThrow().createdKey()).isEmpty();

        mint.pay(invoice.quoteId());
        LightningInvoiceView paid = check.check(idOf(invoice)).orElseThrow();

        assertThat(paid.invoice().state()).isEqualTo(InvoiceState.PAID);
        assertThat(paid.invoice().paidAt()).isPresent();
        assertThat(balanceOf(paid)).isEqualTo(Msats.ofSats(2_100));
    }

    @Test
    void aPaidTopUpCreditsItsKeyAndNeverRevealsIt() {
        ApiKey key = accounts.createIfAbsent(anApiKey().build());
        LightningInvoice invoice = invoice(500, Purpose.TOPUP, Optional.of(key.id()));
        mint.pay(invoice.quoteId());

        LightningInvoiceView paid = check.check(idOf(invoice)).orElseThrow();

        assertThat(paid.invoice().state()).isEqualTo(InvoiceState.PAID);
        assertThat(paid.createdKey()).isEmpty();
        assertThat(accounts.findById(key.id()).orElseThrow().balance()).isEqualTo(Msats.ofSats(500));
    }

    @Test
    void aTopUpForAnUnknownKeyIsRefusedBeforeAnyQuote() {
        assertThat(create.create(new CreateInvoiceCommand(
                        1, Purpose.TOPUP, Optional.of(ApiKeyId.random()), Optional.empty(), Optional.empty())))
                .isInstanceOf(InvoiceOutcome.UnknownKey.class);
        assertThatThrownBy(() -> new CreateInvoiceCommand(
                        0, Purpose.CREATE, Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLatePaymentInsideTheGraceWindowIsStillCreditedByTheWatcher() {
        LightningInvoice invoice = invoice(1_000, Purpose.CREATE, Optional.empty());
        clock.advance(Duration.ofHours(2));
        watcher.watch();
        assertThat(invoices.findById(invoice.id()).orElseThrow().state()).isEqualTo(InvoiceState.EXPIRED);

        mint.pay(invoice.quoteId());
        // An invoice two hours old is checked every ten minutes (Routstr's age-based backoff).
        clock.advance(Duration.ofMinutes(1));
        assertThat(watcher.watch()).isZero();
        clock.advance(Duration.ofMinutes(9));

        assertThat(watcher.watch()).isEqualTo(1);
        LightningInvoiceView view = check.check(idOf(invoice)).orElseThrow();
        assertThat(view.invoice().state()).isEqualTo(InvoiceState.PAID);
        assertThat(balanceOf(view)).isEqualTo(Msats.ofSats(1_000));
    }

    @Test
    void aPaymentAfterTheGraceWindowWaitsForAnExplicitRecovery() {
        LightningInvoice invoice = invoice(1_000, Purpose.CREATE, Optional.empty());
        clock.advance(Duration.ofDays(3));
        watcher.watch();
        mint.pay(invoice.quoteId());

        assertThat(watcher.watch()).isZero();
        assertThat(check.check(idOf(invoice)).orElseThrow().invoice().state()).isEqualTo(InvoiceState.EXPIRED);

        LightningInvoiceView recovered =
                recover.recover(invoice.bolt11(), Optional.of(idOf(invoice))).orElseThrow();
        assertThat(recovered.invoice().state()).isEqualTo(InvoiceState.PAID);
        assertThat(balanceOf(recovered)).isEqualTo(Msats.ofSats(1_000));
    }

    @Test
    void aCrashBetweenMintingAndCreditingIsFinishedByTheNextCheckAndCreditedOnce() {
        LightningInvoice invoice = invoice(700, Purpose.CREATE, Optional.empty());
        mint.pay(invoice.quoteId());
        crashNextCredit.set(true);

        assertThatThrownBy(() -> check.check(idOf(invoice))).isInstanceOf(IllegalStateException.class);
        assertThat(invoices.findById(invoice.id()).orElseThrow().state()).isEqualTo(InvoiceState.SETTLEMENT_PENDING);

        clock.advance(Duration.ofSeconds(30));
        assertThat(watcher.watch()).isEqualTo(1);
        LightningInvoiceView view = check.check(idOf(invoice)).orElseThrow();

        assertThat(view.invoice().state()).isEqualTo(InvoiceState.PAID);
        assertThat(balanceOf(view)).isEqualTo(Msats.ofSats(700));
        assertThat(mint.issues()).isEqualTo(1);
    }

    @Test
    void concurrentChecksOfAPaidInvoiceCreditItOnce() throws Exception {
        LightningInvoice invoice = invoice(300, Purpose.CREATE, Optional.empty());
        mint.pay(invoice.quoteId());

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                executor.submit(() -> check.check(idOf(invoice)));
            }
        }

        LightningInvoiceView view = check.check(idOf(invoice)).orElseThrow();
        assertThat(balanceOf(view)).isEqualTo(Msats.ofSats(300));
    }

    @Test
    void aMintThatIsDownLeavesTheInvoiceUntouched() {
        LightningInvoice invoice = invoice(300, Purpose.CREATE, Optional.empty());
        mint.pay(invoice.quoteId());
        mint.setDown(true);

        assertThat(check.check(idOf(invoice)).orElseThrow().invoice().state()).isEqualTo(InvoiceState.PENDING);
        assertThat(create.create(new CreateInvoiceCommand(
                        1, Purpose.CREATE, Optional.empty(), Optional.empty(), Optional.empty())))
                .isInstanceOf(InvoiceOutcome.MintUnavailable.class);
    }

    @Test
    void theInvoiceReportsTheBolt11PaymentHashNotTheQuoteId() {
        InvoiceOutcome.Created created = (InvoiceOutcome.Created) create.create(
                new CreateInvoiceCommand(10, Purpose.CREATE, Optional.empty(), Optional.empty(), Optional.empty()));

        assertThat(created.paymentHash())
                .isEqualTo(FakeMintQuotes.paymentHashOf(created.invoice().quoteId()))
                .isNotEqualTo(created.invoice().quoteId().value());
    }

    @Test
    void theStoredInvoiceRowNamesNeitherTheIdNorTheKey_andItsHandleOpensNothing() {
        LightningInvoice invoice = invoice(100, Purpose.CREATE, Optional.empty());
        mint.pay(invoice.quoteId());
        LightningInvoiceView paid = check.check(idOf(invoice)).orElseThrow();
        String key = paid.createdKey().orElseThrow().reveal();

        LightningInvoice stored = invoices.findById(invoice.id()).orElseThrow();
        assertThat(stored.toString()).doesNotContain(idOf(invoice)).doesNotContain(key.substring(3));
        assertThat(check.check(stored.id())).isEmpty();
        assertThat(stored.createdKeyHash())
                .contains(paid.createdKey().orElseThrow().hash());
    }

    @Test
    void recoveringByBolt11AloneCreditsThePaymentButShowsTheKeyOnlyWithTheInvoiceId() {
        LightningInvoice invoice = invoice(1_000, Purpose.CREATE, Optional.empty());
        clock.advance(Duration.ofDays(3));
        watcher.watch();
        mint.pay(invoice.quoteId());

        LightningInvoiceView byBolt11 =
                recover.recover(invoice.bolt11(), Optional.empty()).orElseThrow();
        LightningInvoiceView withWrongId =
                recover.recover(invoice.bolt11(), Optional.of("guess")).orElseThrow();
        LightningInvoiceView withId =
                recover.recover(invoice.bolt11(), Optional.of(idOf(invoice))).orElseThrow();

        assertThat(byBolt11.invoice().state()).isEqualTo(InvoiceState.PAID);
        assertThat(byBolt11.createdKey()).isEmpty();
        assertThat(withWrongId.createdKey()).isEmpty();
        assertThat(balanceOf(withId)).isEqualTo(Msats.ofSats(1_000));
    }

    @Test
    void aQuoteMintedElsewhereEndsFailedAndIsNeverCheckedAgain() {
        LightningInvoice invoice = invoice(400, Purpose.CREATE, Optional.empty());
        mint.mintElsewhere(invoice.quoteId());

        LightningInvoiceView view = check.check(idOf(invoice)).orElseThrow();
        clock.advance(Duration.ofMinutes(15));

        assertThat(view.invoice().state()).isEqualTo(InvoiceState.FAILED);
        assertThat(view.createdKey()).isEmpty();
        assertThat(invoices.claimDueForCheck(clock.now(), clock.now().minus(Duration.ofDays(1)), 100, i -> clock.now()))
                .isEmpty();
        assertThat(watcher.watch()).isZero();
    }

    @Test
    void invoicesThatCannotBeSettledDoNotStarveAFreshPaidOne() {
        List<LightningInvoice> stuck = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            LightningInvoice invoice = invoice(1, Purpose.CREATE, Optional.empty());
            mint.pay(invoice.quoteId());
            mint.failMinting(invoice.quoteId());
            stuck.add(invoice);
        }
        watcher.watch();
        clock.advance(Duration.ofSeconds(10));
        watcher.watch();
        LightningInvoice fresh = invoice(50, Purpose.CREATE, Optional.empty());
        mint.pay(fresh.quoteId());

        for (int pass = 0; pass < 2; pass++) {
            clock.advance(Duration.ofSeconds(10));
            watcher.watch();
        }

        assertThat(invoices.findById(fresh.id()).orElseThrow().state()).isEqualTo(InvoiceState.PAID);
        assertThat(stuck)
                .allSatisfy(invoice -> assertThat(
                                invoices.findById(invoice.id()).orElseThrow().state())
                        .isEqualTo(InvoiceState.SETTLEMENT_PENDING));
    }
}
