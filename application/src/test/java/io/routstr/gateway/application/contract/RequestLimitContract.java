package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.application.port.out.RequestLimitPort.Admission;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RateLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The contract of {@link RequestLimitPort}, for the in-memory fake and PostgreSQL. */
public abstract class RequestLimitContract {

    protected abstract RequestLimitPort limits();

    /** A key the store knows. */
    protected abstract ApiKeyId existingKey();

    @Test
    void concurrentAdmissionsNeverExceedTheConcurrencyLimit_andFinishingFreesASlot() throws Exception {
        ApiKeyId key = existingKey();
        limits().setLimits(key, new RateLimits(OptionalInt.empty(), OptionalLong.empty(), OptionalInt.of(3)));
        Instant now = Instant.now();
        List<Callable<Admission>> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            attempts.add(() -> limits().admit(key, RateLimits.NONE, now, Duration.ofMinutes(5)));
        }
        List<Admission> admissions = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<Admission> f : pool.invokeAll(attempts)) {
                admissions.add(f.get());
            }
        }

        List<Admission.Admitted> admitted = admissions.stream()
                .filter(Admission.Admitted.class::isInstance)
                .map(Admission.Admitted.class::cast)
                .toList();
        assertThat(admitted).hasSize(3);
        limits().finish(admitted.getFirst(), 100);
        assertThat(limits().admit(key, RateLimits.NONE, now, Duration.ofMinutes(5)))
                .isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void concurrentAdmissionsNeverExceedTheRequestsPerMinute() throws Exception {
        ApiKeyId key = existingKey();
        RateLimits perMinute = new RateLimits(OptionalInt.of(5), OptionalLong.empty(), OptionalInt.empty());
        Instant minute = Instant.parse("2030-02-01T00:00:10Z");
        List<Callable<Admission>> attempts = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            attempts.add(() -> limits().admit(key, perMinute, minute, Duration.ofMinutes(5)));
        }
        List<Admission> admissions = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Admission> f : pool.invokeAll(attempts)) {
                admissions.add(f.get());
            }
        }

        assertThat(admissions.stream().filter(Admission.Admitted.class::isInstance))
                .hasSize(5);
        assertThat(admissions.stream().filter(Admission.Limited.class::isInstance))
                .hasSize(19)
                .allSatisfy(refused -> assertThat(((Admission.Limited) refused).limit())
                        .isEqualTo(RequestLimitPort.LimitKind.REQUESTS_PER_MINUTE));
    }

    @Test
    void admissionsAndFinishesRacingOnOneKey_allGoThrough_andLeaveNothingInFlight() throws Exception {
        ApiKeyId key = existingKey();
        RateLimits limited =
                new RateLimits(OptionalInt.of(1_000_000), OptionalLong.of(1_000_000_000), OptionalInt.of(64));
        Instant now = Instant.now();
        List<Callable<Integer>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            clients.add(() -> {
                int admitted = 0;
                for (int i = 0; i < 40; i++) {
                    if (limits().admit(key, limited, now, Duration.ofMinutes(5)) instanceof Admission.Admitted a) {
                        admitted++;
                        limits().finish(a, 10);
                    }
                }
                return admitted;
            });
        }
        int admitted = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> f : pool.invokeAll(clients)) {
                admitted += f.get();
            }
        }

        assertThat(admitted)
                .as("8 clients, at most 8 in flight at once: none refused")
                .isEqualTo(320);
        RateLimits oneAtATime = new RateLimits(OptionalInt.empty(), OptionalLong.empty(), OptionalInt.of(1));
        assertThat(limits().admit(key, oneAtATime, now, Duration.ofMinutes(5)))
                .as("every finished request freed its slot")
                .isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void requestsAndTokensPerMinuteAreCountedPerMinute() {
        ApiKeyId key = existingKey();
        RateLimits defaults = new RateLimits(OptionalInt.of(2), OptionalLong.of(50), OptionalInt.empty());
        Instant minute = Instant.parse("2030-01-01T00:00:10Z");

        Admission first = limits().admit(key, defaults, minute, Duration.ofMinutes(5));
        limits().finish((Admission.Admitted) first, 60);
        assertThat(limits().admit(key, defaults, minute, Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(
                        Admission.Limited.class,
                        l -> assertThat(l.limit()).isEqualTo(RequestLimitPort.LimitKind.TOKENS_PER_MINUTE));

        assertThat(limits().admit(key, defaults, minute.plusSeconds(60), Duration.ofMinutes(5)))
                .isInstanceOf(Admission.Admitted.class);
        assertThat(limits().admit(key, defaults, minute.plusSeconds(61), Duration.ofMinutes(5)))
                .isInstanceOf(Admission.Admitted.class);
        assertThat(limits().admit(key, defaults, minute.plusSeconds(62), Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(
                        Admission.Limited.class,
                        l -> assertThat(l.limit()).isEqualTo(RequestLimitPort.LimitKind.REQUESTS_PER_MINUTE));
    }

    @Test
    void aKeyWithoutLimitsIsAdmittedWithoutATicket() {
        Admission admission = limits().admit(existingKey(), RateLimits.NONE, Instant.now(), Duration.ofMinutes(5));

        assertThat(admission)
                .isInstanceOfSatisfying(
                        Admission.Admitted.class, a -> assertThat(a.ticket()).isEmpty());
    }
}
