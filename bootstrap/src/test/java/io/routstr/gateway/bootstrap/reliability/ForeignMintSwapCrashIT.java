package io.routstr.gateway.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.routstr.gateway.bootstrap.reliability.Client.Reply;
import io.routstr.gateway.bootstrap.reliability.DelayingMintProxy.Moment;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A foreign-mint swap ({@code FOREIGN_MINT_POLICY=swap}) interrupted by a real crash: one node ({@code java -jar})
 * in front of the primary mint P and a foreign mint F joined by the test mints' fake Lightning, F behind a
 * {@link DelayingMintProxy}. The node melts a token of F to pay P's invoice; F pays it and answers, the answer is held,
 * and the node is killed with {@code kill -9} with the swap journalled as melt-started, before anything was minted at
 * P. After the restart the wallet's recovery finds F's melt paid and P's quote paid, mints it and the deposit
 * reconciler credits the key: the client's token then shows the credit once, and the money adds up exactly.
 */
class ForeignMintSwapCrashIT {

    private static final Path JAR = Path.of("target", "routstr-gateway.jar");
    private static final Path LOGS = Path.of("target", "reliability").toAbsolutePath();

    private static CashuTsMint primary;
    private static CashuTsMint foreign;
    private static DelayingMintProxy foreignProxy;
    private static FakeOpenAiServer upstream;
    private static TestDatabase database;
    private static CashuTsWallet customer;
    private static NodeProcess node;

    @BeforeAll
    static void startTheSystem() {
        assumeTrue(Files.isRegularFile(JAR), "the node jar " + JAR.toAbsolutePath() + " is built by `package`");
        primary = CashuTsMint.builder()
                .inputFeePpk(0)
                .seed("swap-crash-primary")
                .manualPay()
                .start();
        foreign =
                CashuTsMint.builder().inputFeePpk(0).seed("swap-crash-foreign").start();
        foreign.payInvoicesOf(primary);
        foreignProxy = DelayingMintProxy.inFrontOf(foreign.url());
        upstream = FakeOpenAiServer.start().btcUsd("1000").reply("one two three");
        database = TestDatabase.fresh("swap_crash");
        customer = new CashuTsWallet(foreignProxy.url());
        node = NodeProcess.start("swap-node", JAR.toAbsolutePath(), environment(), LOGS);
    }

    private static Map<String, String> environment() {
        Map<String, String> env = NodeEnvironment.offline(
                database.routstrUrl(),
                "reliability suite node secret, shared by both nodes",
                upstream,
                "sk-upstream-swap-crash");
        env.put("DATABASE_POOL_SIZE", "4");
        // A database of its own (its provider and wallet seed must not leak into the two-node suite's).
        env.put("CASHU_MINTS", primary.url());
        env.put("PRIMARY_MINT_URL", primary.url());
        env.put("FOREIGN_MINT_POLICY", "swap");
        env.put("FOREIGN_MINT_ALLOW_PRIVATE", "true");
        env.put("FOREIGN_MINT_SWAP_TIMEOUT_SECONDS", "2");
        env.put("WALLET_RECOVERY_INTERVAL_SECONDS", "2");
        env.put("WALLET_RECOVERY_GRACE_SECONDS", "6");
        env.put("MINT_OPERATION_TIMEOUT_SECONDS", "10");
        env.put("DEPOSIT_CLAIM_TIMEOUT_SECONDS", "12");
        return env;
    }

    @AfterAll
    static void stopTheSystem() {
        for (AutoCloseable part : new AutoCloseable[] {node, customer, foreignProxy, foreign, primary, upstream}) {
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
    void aSwapKilledAfterTheForeignMintPaidIsMintedAndCreditedOnceAfterTheRestart() throws Exception {
        CashuTsWallet.MintedToken token = customer.mintToken(1000);
        // Lightning fee reserve of F for an invoice of the whole value: max(2 sat, 1 %); P's invoice is what is left.
        long credited = token.amount() - Math.max(2, Math.ceilDiv(token.amount(), 100));
        foreignProxy.trap("/v1/melt/bolt11", Moment.AFTER_MINT);

        Reply answered = Client.balanceInfo(node, token.token());
        foreignProxy.awaitTrapped(Duration.ofSeconds(30));
        assertThat(swapState(token.token())).isEqualTo("MELT_STARTED");
        node.kill9();
        foreignProxy.disarm();

        // Within its time budget the request was told to come back with the same token; the melt then paid P.
        assertThat(answered.status()).isEqualTo(503);
        assertThat(answered.json().at("/error/code").asText()).isEqualTo("cashu_token_consumed");
        assertThat(customer.checkState(token.token())).containsOnly("SPENT");
        assertThat(mintedAtPrimary()).isZero();

        node.restart();
        Reply info = await(() -> Client.balanceInfo(node, token.token()), Duration.ofSeconds(90));

        assertThat(info.status()).as(info.toString()).isEqualTo(200);
        assertThat(info.json().get("balance").asLong()).isEqualTo(credited * 1_000);
        assertThat(swapState(token.token())).isEqualTo("DONE");
        assertThat(mintedAtPrimary()).isEqualTo(credited);
        assertThat(Client.balanceInfo(node, token.token()).json().get("balance").asLong())
                .isEqualTo(credited * 1_000);
        MoneyAudit.Report audit = new MoneyAudit(database.jdbc()).run();
        assertThat(audit.problems()).as(audit.toString()).isEmpty();
    }

    private static String swapState(String token) {
        List<String> states = database.jdbc()
                .queryForList(
                        "SELECT state FROM cashu_swaps WHERE fingerprint = ? ORDER BY created_at DESC LIMIT 1",
                        String.class,
                        TokenFingerprint.of(token).value());
        return states.isEmpty() ? "none" : states.getFirst();
    }

    private static long mintedAtPrimary() {
        Long held = database.jdbc()
                .queryForObject(
                        "SELECT COALESCE(SUM(amount), 0) FROM wallet_proofs WHERE mint_url = ? AND state = 'UNSPENT'",
                        Long.class,
                        primary.url());
        return held == null ? 0 : held;
    }

    /** Asks until the answer is a 200 or {@code atMost} passed; returns the last answer. */
    private static Reply await(java.util.function.Supplier<Reply> call, Duration atMost) {
        Instant deadline = Instant.now().plus(atMost);
        Reply last = call.get();
        while (last.status() != 200 && Instant.now().isBefore(deadline)) {
            NodeProcess.sleep(Duration.ofSeconds(2));
            last = call.get();
        }
        return last;
    }
}
