package io.routstr.gateway.persistence.admin;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.BalancePort.ReserveResult;
import io.routstr.gateway.application.port.out.admin.AdminQueryPort;
import io.routstr.gateway.domain.admin.UsageBucket;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.Reservation;
import io.routstr.gateway.domain.reservation.ReservationId;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The usage report counts the requests the node served and the ones that failed, one reservation each; a standing
 * hold that no request took over (placed for a key's next request, released once idle) is neither.
 */
@PostgresAdapterTest
class PostgresUsageTest {

    /** An hour no other test books in, so that its bucket holds this test's reservations alone. */
    private static final Instant HOUR = Instant.parse("2091-03-07T05:00:00Z");

    private static final Instant NOW = HOUR.plusSeconds(600);

    @Autowired
    ApiKeyPort keys;

    @Autowired
    BalancePort accounts;

    @Autowired
    AdminQueryPort queries;

    private final InstanceId instance = InstanceId.random();

    private ReservationId reserved(ApiKey key) {
        // An id drawn for the key, as the paid path draws it: its settlement and the key's next hold share a writer.
        ReservationId id = accounts.newReservationId(key.billingKeyId());
        ReserveResult result = accounts.reserve(
                Reservation.open(id, key.id(), key.billingKeyId(), Msats.of(1_000), instance, NOW), NOW);
        return ((ReserveResult.Reserved) result).reservation().id();
    }

    /** Settles {@code request} and places the key's standing hold with it; the hold's reservation. */
    private ReservationId settledLeavingAStandingHold(ApiKey key, ReservationId request) {
        return accounts.settleAndHoldNext(
                        request, Msats.of(500), ChargeDetails.NONE, key.id(), Msats.of(2_000), instance, NOW)
                .next()
                .orElseThrow()
                .reservation()
                .id();
    }

    @Test
    void aStandingHoldReleasedIdle_isNeitherARequestNorAFailure_oneTakenOverIsARequest() {
        ApiKey key = keys.createIfAbsent(anApiKey().createdAt(NOW).build());
        accounts.credit(key.id(), Msats.of(100_000), "deposit:" + UUID.randomUUID(), NOW);

        ReservationId idle = settledLeavingAStandingHold(key, reserved(key)); // a request served
        accounts.release(idle, NOW.plusSeconds(5)); // its standing hold, idle
        accounts.release(reserved(key), NOW); // a request that failed
        ReservationId takenOver = settledLeavingAStandingHold(key, reserved(key)); // a request served
        accounts.settle(takenOver, Msats.of(500), ChargeDetails.NONE, NOW); // the next request, on the standing hold

        UsageBucket bucket = queries.usage(UsageBucket.Granularity.HOUR, HOUR).stream()
                .filter(b -> b.start().equals(HOUR))
                .findFirst()
                .orElseThrow();

        assertThat(bucket.requests()).isEqualTo(4);
        assertThat(bucket.failed()).isOne();
        assertThat(bucket.spent()).isEqualTo(Msats.of(1_500));
    }
}
