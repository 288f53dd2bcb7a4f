package io.routstr.gateway.persistence.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.key.ApiKeyId;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KeysWithOwnLimitsTest {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    private final ApiKeyId limited = ApiKeyId.random();
    private final ApiKeyId plain = ApiKeyId.random();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<Optional<Set<ApiKeyId>>> inDatabase = new AtomicReference<>(Optional.of(Set.of()));
    private final KeysWithOwnLimits keys = new KeysWithOwnLimits(
            () -> {
                reads.incrementAndGet();
                return inDatabase.get();
            },
            FIVE_SECONDS,
            nanos::get);

    @Test
    void theListIsReadOncePerPeriod_andAKeyOffItHasNoLimitsOfItsOwn() {
        inDatabase.set(Optional.of(Set.of(limited)));

        assertThat(keys.mayHave(plain)).isFalse();
        assertThat(keys.mayHave(limited)).isTrue();
        assertThat(keys.mayHave(ApiKeyId.random())).isFalse();
        assertThat(reads).hasValue(1);

        nanos.addAndGet(FIVE_SECONDS.toNanos());
        keys.mayHave(plain);
        assertThat(reads).hasValue(2);
    }

    @Test
    void limitsSetThroughThisInstance_applyAtOnce() {
        assertThat(keys.mayHave(plain)).isFalse();

        inDatabase.set(Optional.of(Set.of(plain)));
        nanos.addAndGet(1);
        keys.added(plain);

        assertThat(keys.mayHave(plain)).isTrue();
        nanos.addAndGet(FIVE_SECONDS.toNanos());
        assertThat(keys.mayHave(plain)).as("on the next list").isTrue();
    }

    @Test
    void limitsSetWhileTheListIsRead_stillApplyAfterThatListWithoutThem() {
        KeysWithOwnLimits[] self = new KeysWithOwnLimits[1];
        self[0] = new KeysWithOwnLimits(
                () -> {
                    // Committed and announced while this read runs, too late for what it returns.
                    nanos.addAndGet(1);
                    self[0].added(plain);
                    return Optional.of(Set.of());
                },
                FIVE_SECONDS,
                nanos::get);

        assertThat(self[0].mayHave(plain)).isTrue();
    }

    @Test
    void withTooManyKeysToList_everyKeyMayHaveLimits() {
        inDatabase.set(Optional.empty());

        assertThat(keys.mayHave(plain)).isTrue();
    }
}
