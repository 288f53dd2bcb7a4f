package io.routstr.gateway.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.routstr.gateway.bootstrap.reliability.Client.Reply;
import io.routstr.gateway.bootstrap.reliability.DelayingMintProxy.Moment;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet.MintedToken;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * PostgreSQL crashed in the middle of {@code X-Cashu} requests: one node ({@code java -jar}) on a PostgreSQL of the
 * suite's own with production's durability ({@link CrashablePostgres}, its WAL writer slowed to 10 s so that a commit
 * that did not wait for the disk stays unflushed until a later commit that waits flushes it). Clients pay requests with
 * fresh tokens, several at once; while they do, PostgreSQL is shut down immediately (nothing flushed), started again
 * on its data directory (crash recovery), and the node killed and restarted; three times. Then, once the restarted
 * node's recovery, reconcilers and sweeps have run: every token is credited whole or not at all (credited exactly once
 * where its mint says it was spent, never where it was not), every change token handed out redeems, every proof the
 * wallet holds is unspent at the mint, and the money adds up ({@link MoneyAudit}: the ledger invariant, wallet =
 * liabilities + owner funds per mint, nothing held or unfinished).
 *
 * <p>Last, without a crash: a redemption whose mint answer comes after the node stopped waiting for it is credited
 * once the wallet's recovery has settled it.
 *
 * <p>The commits of an {@code X-Cashu} request that leave their flush to the next commit (the redemption log's claim,
 * the key opened in the wallet's commit after the swap, the change's refund claim) are what the crash can lose; that
 * must cost nothing, because a commit that waits comes between each of them and anything outside the database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class XCashuDatabaseCrashIT {

    private static final Duration SETTLED = Duration.ofSeconds(Long.getLong("reliability.settleSeconds", 60) * 2);
    private static final Path JAR = Path.of("target", "routstr-gateway.jar");
    private static final Path LOGS = Path.of("target", "reliability").toAbsolutePath();
    private static final int CRASHES = 3;
    private static final int CLIENTS = 6;
    private static final int TOKENS_PER_CRASH = 30;
    private static final long TOKEN_SATS = 30;
    private static final int KEY_CRASHES = 2;
    private static final long KEY_SATS = 4_096;
    private static final int KEY_REQUESTS_PER_CRASH = 60;
    private static final int OUTAGE_REQUESTS = 40;
    private static final Duration OUTAGE_REQUEST_SPACING = Duration.ofMillis(50);

    private static CashuTsMint mint;
    private static DelayingMintProxy proxy;
    private static FakeOpenAiServer upstream;
    private static CrashablePostgres postgres;
    private static TestDatabase database;
    private static MoneyAudit audit;
    private static CashuTsWallet customer;
    private static NodeProcess node;

    @BeforeAll
    static void startTheSystem() {
        assumeTrue(Files.isRegularFile(JAR), "the node jar " + JAR.toAbsolutePath() + " is built by `package`");
        // No input fee: the audit's per-mint equality is exact only where the node pays the mint nothing.
        mint = CashuTsMint.builder().inputFeePpk(0).seed("xcashu-db-crash").start();
        proxy = DelayingMintProxy.inFrontOf(mint.url());
        upstream = FakeOpenAiServer.start().btcUsd("1000").reply("one two three four five");
        postgres = CrashablePostgres.start(Duration.ofSeconds(10));
        database = postgres.database();
        audit = new MoneyAudit(database.jdbc());
        assertThat(database.jdbc().queryForObject("SHOW fsync", String.class)).isEqualTo("on");
        assertThat(database.jdbc().queryForObject("SHOW synchronous_commit", String.class))
                .isEqualTo("on");
        customer = new CashuTsWallet(proxy.url());
        node = NodeProcess.start("xcashu-db-crash-node", JAR.toAbsolutePath(), environment(), LOGS);
    }

    private static Map<String, String> environment() {
        Map<String, String> env = NodeEnvironment.offline(
                database.routstrUrl(),
                "x-cashu database crash suite node secret",
                upstream,
                "sk-upstream-xcashu-db-crash");
        env.put("DATABASE_POOL_SIZE", "8");
        env.put("DATABASE_POOL_TIMEOUT_MS", "2000");
        env.put("CASHU_MINTS", proxy.url());
        env.put("PRIMARY_MINT_URL", proxy.url());
        // The killed node's holds are swept 15 s after its last beat; its token claims, refund claims and wallet
        // operations are taken over after 15 s, 15 s and 6 s.
        env.put("STALE_RESERVATION_TIMEOUT_SECONDS", "15");
        env.put("INSTANCE_HEARTBEAT_INTERVAL_SECONDS", "3");
        env.put("ROUTSTR_JOBS_STALE_RESERVATION_SWEEP_INTERVAL", "1s");
        env.put("WALLET_RECOVERY_INTERVAL_SECONDS", "2");
        env.put("WALLET_RECOVERY_GRACE_SECONDS", "6");
        env.put("DEPOSIT_CLAIM_TIMEOUT_SECONDS", "15");
        env.put("REFUND_CLAIM_TIMEOUT_SECONDS", "15");
        env.put("REFUND_RECONCILE_INTERVAL_SECONDS", "2");
        env.put("MINT_OPERATION_TIMEOUT_SECONDS", "10");
        env.put("UPSTREAM_FIRST_BYTE_TIMEOUT", "10s");
        env.put("UPSTREAM_IDLE_TIMEOUT", "10s");
        env.put("MAX_SCHEDULING_LAG_MS", "0");
        // The fewest proofs, not the default change-ready split: change is then handed out from the wallet when its
        // proofs happen to add up to it and swapped at the mint when they do not, so the crashes below meet both
        // paths (with change-ready proofs nearly every change is handed out without a swap).
        env.put("WALLET_DENOMINATIONS", "compact");
        return env;
    }

    @AfterAll
    static void stopTheSystem() {
        for (AutoCloseable part : new AutoCloseable[] {node, customer, proxy, mint, upstream, postgres}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    // best effort: the next part still stops
                }
            }
        }
    }

    @Test
    @Order(3)
    void postgresCrashedAmidXCashuRequests_everyTokenIsCreditedWholeOrNotAtAll_andTheMoneyAddsUp() throws Exception {
        List<MintedToken> presented = new ArrayList<>();
        Map<String, Reply> answers = new ConcurrentHashMap<>();
        for (int crash = 1; crash <= CRASHES; crash++) {
            List<MintedToken> tokens = new ArrayList<>();
            for (int i = 0; i < TOKENS_PER_CRASH; i++) {
                tokens.add(customer.mintToken(TOKEN_SATS));
            }
            AtomicBoolean crashed = new AtomicBoolean();
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger next = new AtomicInteger();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < CLIENTS; c++) {
                    clients.submit(() -> {
                        for (int i; !crashed.get() && (i = next.getAndIncrement()) < tokens.size(); ) {
                            MintedToken token = tokens.get(i);
                            synchronized (presented) {
                                presented.add(token);
                            }
                            try {
                                Reply reply = Client.chatWithXCashu(node, token.token(), false);
                                answers.put(token.token(), reply);
                                if (reply.status() == 200) {
                                    answered.incrementAndGet();
                                }
                            } catch (RuntimeException connectionLost) {
                                // The node was killed under the request; the books tell what became of its token.
                            }
                        }
                        return null;
                    });
                }
                // A third of the requests answered, the rest on their way: PostgreSQL goes down under them.
                while (answered.get() < TOKENS_PER_CRASH / 3 && next.get() < tokens.size()) {
                    Thread.sleep(5);
                }
                long unflushed = unflushedWalBytes();
                postgres.crash();
                crashed.set(true);
                System.out.println("[x-cashu db crash] crash " + crash + ": " + answered.get() + " answered, "
                        + next.get() + " presented, " + unflushed + " bytes of WAL not yet flushed at the crash");
            }
            postgres.restart();
            node.kill9();
            node.restart();
        }

        awaitMoneyAddsUp();

        List<MintedToken> spentTokens = creditedWholeOrNotAtAll(presented);
        assertThat(spentTokens)
                .as("requests were paid before and around the crashes")
                .isNotEmpty();

        // Change handed out redeems: none of it was handed out twice or kept by the wallet as its own.
        int changes = 0;
        for (Reply reply : answers.values()) {
            if (reply.status() == 200 && reply.xCashu() != null) {
                assertThat(customer.receive(reply.xCashu()).amount()).isPositive();
                changes++;
            }
        }
        assertThat(changes).as("some answers carried their change").isPositive();

        List<String> held = heldProofsUnspentAtTheMint();
        System.out.println("[x-cashu db crash] " + presented.size() + " tokens presented, " + spentTokens.size()
                + " spent and credited once, " + changes + " change tokens redeemed, " + held.size()
                + " proofs held, unspent at the mint");
    }

    /**
     * Keys opened by their tokens, paying for requests whose holds and settlements share group commits: PostgreSQL
     * crashes under them twice, with commits in flight. Afterwards every request answered 200 was charged, no request
     * was charged beyond those answered and those the crash cut, nothing is held once the sweep has run, and the money
     * adds up.
     */
    @Test
    @Order(4)
    void postgresCrashedAmidApiKeyRequests_everyAnsweredRequestWasCharged_andNothingIsHeldAfterTheSweep()
            throws Exception {
        List<String> keys = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Reply opened = Client.balanceInfo(node, customer.mintToken(KEY_SATS).token());
            assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
            keys.add(opened.json().get("api_key").asText());
        }
        long chargesBefore = charges();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger cut = new AtomicInteger();
        for (int crash = 1; crash <= KEY_CRASHES; crash++) {
            AtomicBoolean crashed = new AtomicBoolean();
            int answeredBefore = answered.get();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (String key : keys) {
                    clients.submit(() -> {
                        while (!crashed.get()) {
                            try {
                                Reply reply = Client.chat(node, key, false);
                                (reply.status() == 200 ? answered : cut).incrementAndGet();
                            } catch (RuntimeException connectionLost) {
                                cut.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
                // Bounded, so that a node that stops answering fails the test rather than hanging it.
                long deadline = System.nanoTime() + SETTLED.toNanos();
                while (answered.get() - answeredBefore < KEY_REQUESTS_PER_CRASH) {
                    assertThat(System.nanoTime())
                            .as("%d requests answered before crash %d", KEY_REQUESTS_PER_CRASH, crash)
                            .isLessThan(deadline);
                    Thread.sleep(5);
                }
                long unflushed = unflushedWalBytes();
                postgres.crash();
                crashed.set(true);
                System.out.println("[api key db crash] crash " + crash + ": " + (answered.get() - answeredBefore)
                        + " answered, " + unflushed + " bytes of WAL not yet flushed at the crash");
            }
            postgres.restart();
            node.kill9();
            node.restart();
        }

        awaitMoneyAddsUp();

        long charged = charges() - chargesBefore;
        System.out.println("[api key db crash] " + answered.get() + " answered 200, " + cut.get() + " cut or refused, "
                + charged + " charged");
        assertThat(charged).as("every request answered 200 was charged").isGreaterThanOrEqualTo(answered.get());
        assertThat(charged)
                .as("no request was charged beyond those answered and those cut")
                .isLessThanOrEqualTo(answered.get() + cut.get());
    }

    /**
     * With PostgreSQL down, new paid requests are told so at once: while the pool holds no connection and a request
     * waits for one ({@code DATABASE_POOL_TIMEOUT_MS}, 2 s here), the door answers the others 503
     * {@code database_unavailable} with {@code Retry-After: 5} before they read, redeem or hold anything, where each
     * used to wait out the pool for the same answer. Once PostgreSQL is back the node serves again without a restart.
     * Last of the suite: it leaves the node running on the restarted database.
     */
    @Test
    @Order(6)
    void postgresDown_newPaidRequestsAreToldAtOnceThatTheDatabaseIsUnavailable_andServedOnceItIsBack()
            throws Exception {
        Reply opened = Client.balanceInfo(node, customer.mintToken(KEY_SATS).token());
        assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
        String key = opened.json().get("api_key").asText();
        long chargesBefore = charges();

        postgres.crash();
        List<CompletableFuture<TimedReply>> replies = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < OUTAGE_REQUESTS; i++) {
                replies.add(CompletableFuture.supplyAsync(
                        () -> {
                            long started = System.nanoTime();
                            Reply reply = Client.chat(node, key, false);
                            return new TimedReply(reply, Duration.ofNanos(System.nanoTime() - started));
                        },
                        clients));
                Thread.sleep(OUTAGE_REQUEST_SPACING.toMillis());
            }
        }
        postgres.restart();

        List<TimedReply> answered =
                replies.stream().map(CompletableFuture::join).toList();
        assertThat(answered)
                .allSatisfy(r ->
                        assertThat(r.reply().status()).as(r.reply().toString()).isEqualTo(503))
                .allSatisfy(r -> assertThat(r.reply().errorCode()).isEqualTo("database_unavailable"));
        assertThat(Files.readString(node.log()))
                .as("the door shed them for the database")
                .contains("Shedding new paid requests (503 database_unavailable)");
        List<Long> millis =
                answered.stream().map(r -> r.took().toMillis()).sorted().toList();
        System.out.println("[database down] " + millis.size() + " paid requests answered 503 database_unavailable in "
                + millis + " ms (pool wait 2,000 ms)");

        long deadline = System.nanoTime() + SETTLED.toNanos();
        Reply served;
        while ((served = Client.chat(node, key, false)).status() != 200) {
            assertThat(System.nanoTime())
                    .as("served again once PostgreSQL is back: " + served)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(charges() - chargesBefore)
                .as("only the request served after the outage")
                .isEqualTo(1);
    }

    private record TimedReply(Reply reply, Duration took) {}

    private static long charges() {
        return audit.single("SELECT count(*) FROM ledger_entries WHERE entry_type = 'CHARGE'");
    }

    /**
     * The redemption's swap done at the mint, its answer held on its way back: PostgreSQL crashes with the request's
     * claim (which did not wait for the disk) and the wallet's write-ahead (which did) behind it. After the restart the
     * wallet's recovery restores the swap and the reconciler credits the token's key, whole and once; its holder gets
     * it back as a refund of the token's key.
     */
    @Test
    @Order(2)
    void postgresCrashedWhileTheMintsAnswerToTheRedemptionWasOnItsWay_theTokenIsCreditedOnceAndWhole()
            throws Exception {
        MintedToken token = crashWhileTheMintsAnswerIsHeld(0);

        swappedCreditedOnceAndPaidBackWhole(token);
    }

    /**
     * The change's swap done at the mint, its answer held: PostgreSQL crashes with the change's refund claim (which did
     * not wait for the disk) behind the payout's write-ahead (which did). After the restart the claim is reconciled and
     * the wallet's recovery restores the swap; the change comes back to the original token, once, and redeems. First
     * of the suite: the wallet then holds only this token's proofs (16, 8, 4 and 2 sat), from which no change of 29 sat
     * can be handed out without a swap.
     */
    @Test
    @Order(1)
    void postgresCrashedWhileTheMintsAnswerToTheChangeSwapWasOnItsWay_theChangeIsRecoveredOnce() throws Exception {
        MintedToken token = crashWhileTheMintsAnswerIsHeld(1);

        assertThat(creditedWholeOrNotAtAll(List.of(token)))
                .as("the mint swapped the token")
                .hasSize(1);
        Reply change = Client.awaitStatus(() -> Client.recoverChange(node, token.token()), 200, SETTLED);
        assertThat(change.xCashu())
                .as("the change, recovered with the original token: " + change)
                .isNotNull();
        assertThat(customer.receive(change.xCashu()).amount()).isPositive();
        heldProofsUnspentAtTheMint();
        assertMoneyAddsUp();
    }

    /**
     * No crash at all: the redemption's swap done at the mint and its answer held past the node's mint timeout (10 s),
     * so the live node answers the client that the outcome is unknown while the mint has taken the token. The token's
     * claim must stay for recovery: once the answer is let go, the wallet's recovery restores the swap and the deposit
     * reconciler credits the token's key, whole and once, and its holder gets the whole value back as a refund. (A
     * claim deleted on the unknown outcome, as before da819013, left the swapped ecash in the wallet credited to nobody;
     * the crash above met that window only when the node's timeout beat its kill.)
     */
    @Test
    @Order(5)
    void theMintsAnswerToTheRedemptionCameAfterTheNodeStoppedWaiting_theTokenIsCreditedOnceTheWalletRecovers()
            throws Exception {
        MintedToken token = customer.mintToken(TOKEN_SATS);
        proxy.trap("/v1/swap", Moment.AFTER_MINT);
        Reply answer;
        try {
            CompletableFuture<Reply> reply =
                    CompletableFuture.supplyAsync(() -> Client.chatWithXCashu(node, token.token(), false));
            proxy.awaitTrapped(Duration.ofSeconds(30));
            answer = reply.get(60, TimeUnit.SECONDS);
        } finally {
            proxy.disarm();
        }

        assertThat(answer.status())
                .as("the node cannot know whether the mint took the token: " + answer)
                .isEqualTo(503);
        assertThat(answer.errorCode()).isEqualTo("cashu_token_consumed");
        // Before the wallet's recovery the books add up without the token (the wallet does not hold it yet): first the
        // credit, then whatever settles after it.
        awaitCredited(token);
        awaitMoneyAddsUp();
        swappedCreditedOnceAndPaidBackWhole(token);
    }

    /**
     * The mint swapped the token, the node credited it once and whole, and a refund of the token's key pays its whole
     * value back (the request never reached the upstream); the wallet's proofs are unspent and the money adds up.
     */
    private static void swappedCreditedOnceAndPaidBackWhole(MintedToken token) {
        assertThat(creditedWholeOrNotAtAll(List.of(token)))
                .as("the mint swapped the token")
                .hasSize(1);
        Reply refund = Client.awaitStatus(() -> Client.refund(node, token.token()), 200, SETTLED);
        assertThat(customer.receive(refund.json().get("token").asText()).amount())
                .as("the token's whole value comes back: the request never reached the upstream")
                .isEqualTo(token.amount());
        heldProofsUnspentAtTheMint();
        assertMoneyAddsUp();
    }

    /** Waits until the token's deposit is booked (the reconciler's run after the wallet's recovery). */
    private static void awaitCredited(MintedToken token) {
        String reference = "token:" + TokenFingerprint.of(token.token().strip()).value();
        long deadline = System.nanoTime() + SETTLED.toNanos();
        while (audit.depositsOfToken(reference) == 0 && System.nanoTime() < deadline) {
            NodeProcess.sleep(Duration.ofMillis(500));
        }
    }

    /**
     * One {@code X-Cashu} request alone, its mint swap number {@code passingSwaps + 1} done at the mint and the answer
     * held; PostgreSQL crashes then, is started again, and the node is killed and restarted. Returns once the books
     * have settled.
     */
    private static MintedToken crashWhileTheMintsAnswerIsHeld(int passingSwaps) throws InterruptedException {
        MintedToken token = customer.mintToken(TOKEN_SATS);
        proxy.trap("/v1/swap", Moment.AFTER_MINT, passingSwaps);
        Thread request = Thread.ofVirtual().start(() -> {
            try {
                Client.chatWithXCashu(node, token.token(), false);
            } catch (RuntimeException connectionLost) {
                // The node is killed under it.
            }
        });
        try {
            proxy.awaitTrapped(Duration.ofSeconds(30));
            long unflushed = unflushedWalBytes();
            postgres.crash();
            System.out.println("[x-cashu db crash] crash at mint swap " + (passingSwaps + 1) + ": " + unflushed
                    + " bytes of WAL not yet flushed");
        } finally {
            proxy.disarm();
        }
        postgres.restart();
        node.kill9();
        request.join(Duration.ofSeconds(30));
        node.restart();
        awaitMoneyAddsUp();
        return token;
    }

    /**
     * Each token is credited whole (one DEPOSIT of its face value) where its mint spent it, and not at all where its
     * mint did not; returns the spent ones.
     */
    private static List<MintedToken> creditedWholeOrNotAtAll(List<MintedToken> tokens) {
        List<MintedToken> spent = new ArrayList<>();
        for (MintedToken token : tokens) {
            String reference =
                    "token:" + TokenFingerprint.of(token.token().strip()).value();
            List<String> states = customer.checkState(token.token());
            assertThat(states.stream().distinct().toList())
                    .as("a swap spends all of a token's proofs or none")
                    .hasSize(1);
            if (states.getFirst().equals("SPENT")) {
                spent.add(token);
                assertThat(audit.depositsOfToken(reference))
                        .as("a token its mint spent is credited once")
                        .isEqualTo(1);
                assertThat(audit.single(
                                "SELECT amount_msats FROM ledger_entries WHERE entry_type = 'DEPOSIT' AND reference = ?",
                                reference))
                        .as("and whole")
                        .isEqualTo(token.amount() * 1000);
            } else {
                assertThat(states.getFirst()).isEqualTo("UNSPENT");
                assertThat(audit.depositsOfToken(reference))
                        .as("a token never spent is not credited")
                        .isZero();
            }
        }
        return spent;
    }

    /** What the wallet holds as its own is unspent at the mint: no proof was handed out and kept too. */
    private static List<String> heldProofsUnspentAtTheMint() {
        List<String> held = database.jdbc()
                .queryForList("SELECT y FROM wallet_proofs WHERE state = 'UNSPENT' AND NOT incoming", String.class);
        assertThat(mint.checkState(held)).allSatisfy(state -> assertThat(state).isEqualTo("UNSPENT"));
        return held;
    }

    private static void assertMoneyAddsUp() {
        MoneyAudit.Report report = audit.run();
        assertThat(report.problems()).as(report.toString()).isEmpty();
    }

    /** How far PostgreSQL's log was written past what was flushed, a moment before the crash. */
    private static long unflushedWalBytes() {
        Long bytes = database.jdbc()
                .queryForObject(
                        "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), pg_current_wal_flush_lsn())::bigint",
                        Long.class);
        return bytes == null ? 0 : bytes;
    }

    /** Waits for the restarted node's recovery, reconcilers and sweeps, then audits. */
    private static void awaitMoneyAddsUp() {
        long deadline = System.nanoTime() + SETTLED.toNanos();
        MoneyAudit.Report report = audit.run();
        while (!report.clean() && System.nanoTime() < deadline) {
            NodeProcess.sleep(Duration.ofMillis(500));
            report = audit.run();
        }
        assertThat(report.problems()).as(report.toString()).isEmpty();
    }
}
