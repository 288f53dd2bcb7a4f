package io.routstr.gateway.persistence.admin;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.BalancePort.ReserveResult;
import io.routstr.gateway.application.port.out.admin.AdminQueryPort;
import io.routstr.gateway.domain.admin.ModelUsage;
import io.routstr.gateway.domain.admin.ModelUsageBucket;
import io.routstr.gateway.domain.admin.UsageBucket;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.Reservation;
import io.routstr.gateway.domain.reservation.ReservationId;
import io.routstr.gateway.domain.usage.TokenUsage;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The settle statement books what a charge paid for, and the usage report reads it back per model; the report counts
 * the requests served and failed, one reservation each, and a standing hold no request took over as neither.
 */
@PostgresAdapterTest
class PostgresModelUsageTest {

    private static final Instant NOW = Instant.parse("2026-05-04T10:15:00Z");

    @Autowired
    ApiKeyPort keys;

    @Autowired
    BalancePort accounts;

    @Autowired
    AdminQueryPort queries;

    private final String model = "test/model-" + UUID.randomUUID();
    private final String otherModel = "test/other-" + UUID.randomUUID();

    private ApiKey funded(long msats) {
        ApiKey key = keys.createIfAbsent(anApiKey().createdAt(NOW).build());
        accounts.credit(key.id(), Msats.of(msats), "deposit:" + UUID.randomUUID(), NOW);
        return key;
    }

    private ReservationId reserved(ApiKey key, long msats) {
        ReserveResult result =
                accounts.reserve(Reservation.open(key.id(), key.billingKeyId(), Msats.of(msats), NOW), NOW);
        return ((ReserveResult.Reserved) result).reservation().id();
    }

    /** An hour no other test books in, so that its bucket holds one test's reservations alone. */
    private static final Instant UNUSED_HOUR = Instant.parse("2091-03-07T05:00:00Z");

    private final InstanceId instance = InstanceId.random();

    /** A request's hold under an id drawn for its key, as the paid path draws it (its key's writer). */
    private ReservationId reservedOnItsWriter(ApiKey key, Instant at) {
        ReservationId id = accounts.newReservationId(key.billingKeyId());
        accounts.reserve(Reservation.open(id, key.id(), key.billingKeyId(), Msats.of(1_000), instance, at), at);
        return id;
    }

    /** Settles {@code request} and places the key's standing hold with it; the hold's reservation. */
    private ReservationId settledLeavingAStandingHold(ApiKey key, ReservationId request, Instant at) {
        return accounts.settleAndHoldNext(
                        request, Msats.of(500), ChargeDetails.NONE, key.id(), Msats.of(2_000), instance, at)
                .next()
                .orElseThrow()
                .reservation()
                .id();
    }

    /** The usage of the hour starting at {@code hour}. */
    private UsageBucket hourOf(Instant hour) {
        return queries.usage(UsageBucket.Granularity.HOUR, hour).stream()
                .filter(b -> b.start().equals(hour))
                .findFirst()
                .orElseThrow();
    }

    private List<ModelUsage> usageOf(String wanted, UsageBucket.Granularity granularity) {
        return queries.usageByModel(granularity, NOW.minusSeconds(3_600)).stream()
                .map(ModelUsageBucket::usage)
                .filter(u -> u.model().equals(wanted))
                .toList();
    }

    @Test
    void eachChargeIsCountedUnderItsModelWithItsTokens() {
        ApiKey key = funded(100_000);
        TokenUsage usage = TokenUsage.of(120, 30).withCache(10, 5);
        accounts.settle(reserved(key, 5_000), Msats.of(2_000), ChargeDetails.of(model, "openai:x", usage), NOW);
        accounts.settle(reserved(key, 5_000), Msats.of(3_000), ChargeDetails.of(model, "openai:x", usage), NOW);
        accounts.settle(reserved(key, 5_000), Msats.of(1_000), ChargeDetails.of(otherModel, "openai:x", usage), NOW);

        assertThat(usageOf(model, UsageBucket.Granularity.HOUR))
                .containsExactly(new ModelUsage(model, 2, Msats.of(5_000), Msats.ZERO, 240, 60, 20, 10, 0));
        assertThat(usageOf(otherModel, UsageBucket.Granularity.DAY))
                .containsExactly(new ModelUsage(otherModel, 1, Msats.of(1_000), Msats.ZERO, 120, 30, 10, 5, 0));
    }

    @Test
    void aChargeBeyondTheBalanceCountsOnceWithItsShortfall() {
        ApiKey key = funded(1_000);
        ReservationId id = reserved(key, 1_000);

        accounts.settle(id, Msats.of(1_500), ChargeDetails.of(model, "openai:x", TokenUsage.of(7, 3)), NOW);

        assertThat(usageOf(model, UsageBucket.Granularity.HOUR))
                .containsExactly(new ModelUsage(model, 1, Msats.of(1_000), Msats.of(500), 7, 3, 0, 0, 0));
    }

    @Test
    void aRequestNoBalanceCouldPayForIsStillCountedUnderItsModel() {
        ApiKey key = funded(1_000);
        ReservationId late = reserved(key, 1_000);
        // The sweep releases the silent request's hold, and another request spends the whole balance.
        accounts.releaseStale(NOW.plusSeconds(1), Optional.of(key.id()), 10, NOW);
        accounts.settle(reserved(key, 1_000), Msats.of(1_000), ChargeDetails.NONE, NOW);

        accounts.settle(late, Msats.of(400), ChargeDetails.of(model, "openai:x", TokenUsage.of(4, 1)), NOW);

        assertThat(usageOf(model, UsageBucket.Granularity.HOUR))
                .containsExactly(new ModelUsage(model, 1, Msats.ZERO, Msats.of(400), 4, 1, 0, 0, 0));
    }

    @Test
    void aStandingHoldReleasedIdle_isNeitherARequestNorAFailure_oneTakenOverIsARequest() {
        Instant at = UNUSED_HOUR.plusSeconds(600);
        ApiKey key = funded(100_000);

        ReservationId idle = settledLeavingAStandingHold(key, reservedOnItsWriter(key, at), at); // a request served
        accounts.release(idle, at.plusSeconds(5)); // its standing hold, idle
        accounts.release(reservedOnItsWriter(key, at), at); // a request that failed
        ReservationId takenOver = settledLeavingAStandingHold(key, reservedOnItsWriter(key, at), at); // served
        accounts.settle(takenOver, Msats.of(500), ChargeDetails.NONE, at); // the next request, on the standing hold

        UsageBucket bucket = hourOf(UNUSED_HOUR);
        assertThat(bucket.requests()).isEqualTo(4);
        assertThat(bucket.failed()).isOne();
        assertThat(bucket.spent()).isEqualTo(Msats.of(1_500));
    }

    @Test
    void requestsChargedOnAStandingHoldKeptInPlace_areCountedOneEach() {
        Instant hour = UNUSED_HOUR.plusSeconds(3_600); // the next hour, booked in by this test alone
        Instant at = hour.plusSeconds(600);
        ApiKey key = funded(100_000);

        ReservationId kept = settledLeavingAStandingHold(key, reservedOnItsWriter(key, at), at); // a request served
        for (int i = 0; i < 3; i++) { // three more, charged on its standing hold kept in place
            accounts.chargeKeepingHold(
                    kept, accounts.newReservationId(key.id()), key.id(), Msats.of(500), ChargeDetails.NONE, at);
        }
        accounts.settle(kept, Msats.of(500), ChargeDetails.NONE, at); // the last, which settles the hold

        UsageBucket bucket = hourOf(hour);
        assertThat(bucket.requests()).isEqualTo(5);
        assertThat(bucket.failed()).isZero();
        assertThat(bucket.spent()).isEqualTo(Msats.of(2_500));
    }

    @Test
    void aRequestThatFailedOnAStandingHoldItTookOver_isCountedAsAFailedRequest() {
        Instant hour = UNUSED_HOUR.plusSeconds(7_200); // an hour booked in by this test alone
        Instant at = hour.plusSeconds(600);
        ApiKey key = funded(100_000);

        ReservationId standing = settledLeavingAStandingHold(key, reservedOnItsWriter(key, at), at); // served
        accounts.releaseRequest(standing, at); // the next request took it over and failed

        UsageBucket bucket = hourOf(hour);
        assertThat(bucket.requests()).isEqualTo(2);
        assertThat(bucket.failed()).isOne();
        assertThat(bucket.spent()).isEqualTo(Msats.of(500));
    }

    @Test
    void aRequestThatHeldAnewForAPricierFallback_isCountedOnce_byItsNewHold() {
        Instant hour = UNUSED_HOUR.plusSeconds(10_800); // an hour booked in by this test alone
        Instant at = hour.plusSeconds(600);
        ApiKey key = funded(100_000);

        ReservationId first = reservedOnItsWriter(key, at);
        accounts.releaseSuperseded(first, at); // the first route failed unprocessed; the next one is pricier
        ReservationId pricier = reservedOnItsWriter(key, at);
        accounts.settle(pricier, Msats.of(700), ChargeDetails.NONE, at);

        UsageBucket bucket = hourOf(hour);
        assertThat(bucket.requests()).isOne();
        assertThat(bucket.failed()).isZero();
        assertThat(bucket.spent()).isEqualTo(Msats.of(700));
    }

    @Test
    void aChargeBookedWithoutDetailsIsInNoModel() {
        ApiKey key = funded(10_000);

        accounts.settle(reserved(key, 1_000), Msats.of(1_000), ChargeDetails.NONE, NOW);

        assertThat(queries.usageByModel(UsageBucket.Granularity.HOUR, NOW.minusSeconds(3_600)))
                .allSatisfy(bucket -> assertThat(bucket.usage().model()).isNotBlank());
    }
}
