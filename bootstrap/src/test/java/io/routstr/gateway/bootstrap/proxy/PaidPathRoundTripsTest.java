package io.routstr.gateway.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.bootstrap.SharedFakes;
import io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.FundedKey;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.domain.key.RateLimits;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The database round trips a paid request costs, counted from the JDBC driver's own log of what it sends: each Sync
 * the driver sends on a request's thread or on the group-commit writer is one round trip to PostgreSQL and back. A
 * request costs the paid path's design, no more: an {@code sk-} request one (its charge on the standing hold kept in
 * place), a stream two (its hold made durable before the first byte, then the charge). No statement may cost an empty
 * round trip of its own: the driver sends one (a "forced" Sync) before a statement it has had described by the server
 * (a parameter whose type it left to the server: a {@code null} bound without one, a {@code java.sql.Timestamp}) when
 * the statement's rows have no bounded size (docs/benchmarks.md, session 40). {@link
 * PaidRequestRoundTripsEndToEndTest} counts the statements and connections a request's thread takes; this counts what
 * reaches the wire, the writer's included, and so the round trips the driver adds.
 *
 * <p>Counted after a warm-up of ten requests, so that every statement has been prepared on the server (at its fifth
 * use on a connection), as it is on a node that has run for a while. Background jobs on threads of their own are not
 * counted; one whose statement the group-commit writer runs while a request is counted is, so a request's count is
 * the median of twenty requests', each counted alone.
 */
@NodeOnTestMint
class PaidPathRoundTripsTest {

    static final FakeOpenAiServer upstream =
            SharedFakes.closedAtExit(FakeOpenAiServer.start().btcUsd(ProxyTestSupport.BTC_USD));

    static final CashuTsMint MINT = SharedFakes.mint();

    private static final int WARM_UP = 10;
    private static final int COUNTED = 20;

    private static final String CHAT =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    /** A chat whose maximum cost a 10-sat token covers. */
    private static final String SMALL_CHAT =
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static final String STREAMED_CHAT =
            "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @LocalServerPort
    int port;

    @Autowired
    ProxyFixture proxy;

    @Autowired
    RequestLimitPort rateLimits;

    private final HttpClient http = HttpClient.newHttpClient();
    private final DriverRoundTrips roundTrips = new DriverRoundTrips();

    @BeforeEach
    void oneProviderAndTheDriversLogCounted() {
        proxy.servedOnlyBy(upstream);
        roundTrips.start();
    }

    @AfterEach
    void theDriversLogAsItWas() {
        roundTrips.stop();
    }

    @Test
    void aRequestWithAnApiKeyCostsOneRoundTrip() throws Exception {
        FundedKey key = proxy.fundedKey(100_000_000);

        RoundTrips counted = countedOver(() -> send(withKey(key, CHAT)));

        assertThat(counted.perRequest()).isEqualTo(1);
        assertThat(counted.forced()).isZero();
    }

    @Test
    void aStreamWithAnApiKeyCostsTwo_itsHoldMadeDurableBeforeItsFirstByte_thenItsCharge() throws Exception {
        FundedKey key = proxy.fundedKey(100_000_000);

        RoundTrips counted = countedOver(() -> send(withKey(key, STREAMED_CHAT)));

        assertThat(counted.perRequest()).isEqualTo(2);
        assertThat(counted.forced()).isZero();
    }

    /**
     * Three for a key with rate limits of its own: its admission (the key's window and requests in flight, one
     * statement), the charge, and its finish (its tokens counted, its slot freed, one statement). Before the admission
     * and finish were one statement each they cost eight and three.
     */
    @Test
    void aRequestWithAnApiKeyThatHasRateLimitsCostsThree_itsAdmission_itsCharge_itsFinish() throws Exception {
        FundedKey key = proxy.fundedKey(100_000_000);
        rateLimits.setLimits(
                key.key().id(),
                new RateLimits(OptionalInt.of(1_000_000), OptionalLong.of(1_000_000_000), OptionalInt.of(64)));

        RoundTrips counted = countedOver(() -> send(withKey(key, CHAT)));

        assertThat(counted.perRequest()).isEqualTo(3);
        assertThat(counted.forced()).isZero();
    }

    /**
     * Two for a key limited in requests per minute alone: its admission (counted in its minute's row, one statement)
     * and the charge; with no tokens or slot to account for, it has nothing to finish.
     */
    @Test
    void aRequestWithAnApiKeyLimitedInRequestsPerMinuteCostsTwo_itsAdmission_itsCharge() throws Exception {
        FundedKey key = proxy.fundedKey(100_000_000);
        rateLimits.setLimits(
                key.key().id(), new RateLimits(OptionalInt.of(1_000_000), OptionalLong.empty(), OptionalInt.empty()));

        RoundTrips counted = countedOver(() -> send(withKey(key, CHAT)));

        assertThat(counted.perRequest()).isEqualTo(2);
        assertThat(counted.forced()).isZero();
    }

    /**
     * Nineteen on a node of its own (docs/benchmarks.md lists them in order, and where fewer could do), twenty on the
     * node the end-to-end classes share once others have run on it: one more while the change is paid, the liability
     * guard summing every unspent proof because the largest did not cover what the node owes at the mint to the keys
     * those classes left funded (seen in the driver's log). The count may only go down.
     */
    @Test
    void aRequestPaidWithAnXCashuTokenCostsNoMoreThanTwenty_noneOfThemEmpty() throws Exception {
        List<String> tokens = new ArrayList<>();
        try (CashuTsWallet client = new CashuTsWallet(MINT)) {
            for (int i = 0; i < WARM_UP + COUNTED; i++) {
                tokens.add(client.mintToken(10).token());
            }
        }
        int[] next = {0};

        RoundTrips counted = countedOver(() -> send(HttpRequest.newBuilder(chatUri())
                .header("Content-Type", "application/json")
                .header("X-Cashu", tokens.get(next[0]++))
                .POST(HttpRequest.BodyPublishers.ofString(SMALL_CHAT))
                .build()));

        assertThat(counted.perRequest()).isLessThanOrEqualTo(20);
        assertThat(counted.forced()).isZero();
    }

    /**
     * Sends {@link #WARM_UP} requests made by {@code request}, then {@link #COUNTED} more, each counted alone: their
     * median count, and the forced Syncs of them all.
     */
    private RoundTrips countedOver(ThrowingRequest request) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            request.send();
        }
        long[] counts = new long[COUNTED];
        long forced = 0;
        for (int i = 0; i < COUNTED; i++) {
            roundTrips.reset();
            request.send();
            counts[i] = roundTrips.syncs.get();
            forced += roundTrips.forced.get();
        }
        Arrays.sort(counts);
        return new RoundTrips(counts[COUNTED / 2], forced);
    }

    private HttpRequest withKey(FundedKey key, String body) {
        return HttpRequest.newBuilder(chatUri())
                .header("Authorization", "Bearer " + key.bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private URI chatUri() {
        return URI.create("http://localhost:" + port + "/v1/chat/completions");
    }

    private void send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @FunctionalInterface
    private interface ThrowingRequest {
        void send() throws Exception;
    }

    /** A request's round trips (the median of those counted), and the forced Syncs (empty ones) of them all. */
    private record RoundTrips(long perRequest, long forced) {}

    /**
     * The driver's log ({@code java.util.logging}, {@code FINEST} on its query executor, on only while a test runs):
     * each Sync it sends, and each it forces, on a request's thread (the servlet container's) or the writer's.
     */
    private static final class DriverRoundTrips extends Handler {

        private static final Logger DRIVER = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");

        private final AtomicLong syncs = new AtomicLong();
        private final AtomicLong forced = new AtomicLong();
        private Level levelBefore;

        void start() {
            levelBefore = DRIVER.getLevel();
            setLevel(Level.ALL);
            DRIVER.addHandler(this);
            DRIVER.setLevel(Level.FINEST);
        }

        void stop() {
            DRIVER.setLevel(levelBefore);
            DRIVER.removeHandler(this);
        }

        void reset() {
            syncs.set(0);
            forced.set(0);
        }

        @Override
        public void publish(LogRecord logged) {
            String message = logged.getMessage();
            if (message == null || !onThePaidPath(Thread.currentThread().getName())) {
                return;
            }
            if (message.contains("FE=> Sync")) {
                syncs.incrementAndGet();
            } else if (message.startsWith("Forcing Sync")) {
                forced.incrementAndGet();
            }
        }

        private static boolean onThePaidPath(String thread) {
            return thread.startsWith("jetty") || thread.startsWith("group-commit-writer");
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
