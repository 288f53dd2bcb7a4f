package io.routstr.gateway.persistence.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RateLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RememberedLimitsTest {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    private static final RateLimits TEN_PER_MINUTE =
            new RateLimits(OptionalInt.of(10), OptionalLong.empty(), OptionalInt.empty());

    private final ApiKeyId key = ApiKeyId.random();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void aKeysLimitsAreReadOnceAndRememberedForTheirTime() {
        RememberedLimits limits = new RememberedLimits(counted(id -> TEN_PER_MINUTE), FIVE_SECONDS, nanos::get);

        assertThat(limits.of(key)).isEqualTo(TEN_PER_MINUTE);
        nanos.addAndGet(FIVE_SECONDS.toNanos() - 1);
        assertThat(limits.of(key)).isEqualTo(TEN_PER_MINUTE);
        assertThat(reads).hasValue(1);

        nanos.incrementAndGet();
        limits.of(key);
        assertThat(reads).hasValue(2);
    }

    @Test
    void limitsForgottenAfterBeingSetHereAreReadAgainAtOnce() {
        RememberedLimits limits = new RememberedLimits(counted(id -> RateLimits.NONE), FIVE_SECONDS, nanos::get);

        limits.of(key);
        limits.forget(key);
        limits.of(key);

        assertThat(reads).hasValue(2);
    }

    @Test
    void manyRequestsFindingTheLimitsOutdatedAtOnce_readThemOnceBetweenThem() throws InterruptedException {
        CountDownLatch readStarted = new CountDownLatch(1);
        CountDownLatch readMayFinish = new CountDownLatch(1);
        RememberedLimits limits = new RememberedLimits(
                counted(id -> {
                    readStarted.countDown();
                    await(readMayFinish);
                    return TEN_PER_MINUTE;
                }),
                FIVE_SECONDS,
                nanos::get);
        List<AtomicReference<RateLimits>> seen = new ArrayList<>();
        List<Thread> requests = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            AtomicReference<RateLimits> got = new AtomicReference<>();
            seen.add(got);
            requests.add(Thread.ofVirtual().start(() -> got.set(limits.of(key))));
        }
        await(readStarted);
        // The others arrive while the first read is on its way (a database round trip): all 64 wait, one for the
        // read's answer, the rest for the one read.
        while (!requests.stream().allMatch(request -> request.getState() == Thread.State.WAITING)) {
            Thread.onSpinWait();
        }
        readMayFinish.countDown();
        for (Thread request : requests) {
            request.join();
        }

        assertThat(reads).hasValue(1);
        assertThat(seen).allSatisfy(got -> assertThat(got.get()).isEqualTo(TEN_PER_MINUTE));
    }

    @Test
    void aFailedReadIsNotRemembered_theNextRequestReadsAgain() {
        AtomicInteger attempts = new AtomicInteger();
        RememberedLimits limits = new RememberedLimits(
                counted(id -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("database down");
                    }
                    return TEN_PER_MINUTE;
                }),
                FIVE_SECONDS,
                nanos::get);

        assertThatThrownBy(() -> limits.of(key)).isInstanceOf(IllegalStateException.class);
        assertThat(limits.of(key)).isEqualTo(TEN_PER_MINUTE);
        assertThat(reads).hasValue(2);
    }

    private Function<ApiKeyId, RateLimits> counted(Function<ApiKeyId, RateLimits> read) {
        return id -> {
            reads.incrementAndGet();
            return read.apply(id);
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
