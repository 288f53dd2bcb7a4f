package io.routstr.gateway.persistence.accounts;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.BalancePort.KeyReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.ReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.SettleResult;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.ReservationId;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import io.routstr.gateway.persistence.accounts.PaidPathStatements.KeptCharge;
import io.routstr.gateway.persistence.accounts.PaidPathStatements.Settled;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The writer's combined statements (requests charged on standing holds kept in place, settlements of plain keys'
 * reservations): in one statement, each call answers as its single statement would, or is left to it; the key's row
 * and the ledger come out as if the calls had run one by one.
 */
@PostgresAdapterTest
class CombinedStatementsTest {

    @Autowired
    JpaAccountsAdapter accounts;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");
    private final InstanceId instance = InstanceId.random();

    @Test
    void severalRequestsOnTheKeysStandingHolds_eachIsChargedOnce_theRestIsLeftToItsSingleStatement() throws Exception {
        ApiKey key = accounts.createIfAbsent(anApiKey().createdAt(now).build());
        accounts.credit(key.id(), Msats.of(10_000), "deposit:" + UUID.randomUUID(), now);
        ReservationId first = standingHold(key);
        ReservationId second = standingHold(key);
        ReservationId own = held(key, 1_000); // a request's own hold, not a standing one
        ReservationId earlier = accounts.newReservationId(key.id());
        assertThat(accounts.chargeKeepingHold(first, earlier, key.id(), Msats.of(700), ChargeDetails.NONE, now))
                .contains(new SettleResult.Charged(Msats.of(700), Msats.ZERO, Msats.of(6_300)));
        ReservationId a = accounts.newReservationId(key.id());
        ReservationId b = accounts.newReservationId(key.id());

        List<KeptCharge> answers = together(List.of(
                kept(first, a, key, 500),
                kept(second, b, key, 300),
                kept(first, accounts.newReservationId(key.id()), key, 200), // the same hold again
                kept(first, earlier, key, 700), // asked again
                kept(own, accounts.newReservationId(key.id()), key, 100)));

        // Balance 10,000 - 700 - 500 - 300 = 8,500; reserved 2,000 + 2,000 + 1,000; the kept holds counted as
        // spendable.
        assertThat(answers.get(0)).isEqualTo(new KeptCharge(Optional.empty(), Optional.of(500L), 7_800, 1));
        assertThat(answers.get(1)).isEqualTo(new KeptCharge(Optional.empty(), Optional.of(300L), 7_500, 1));
        assertThat(answers.get(2))
                .as("a hold named twice: its second call runs alone")
                .isNull();
        assertThat(answers.get(3))
                .as("booked before")
                .isEqualTo(new KeptCharge(Optional.of(700L), Optional.empty(), 0, 0));
        assertThat(answers.get(4)).as("not a standing hold").isNull();

        ApiKey after = accounts.findById(key.id()).orElseThrow();
        assertThat(after.balance()).isEqualTo(Msats.of(8_500));
        assertThat(after.reserved()).isEqualTo(Msats.of(5_000));
        assertThat(after.totalSpent()).isEqualTo(Msats.of(1_500));
        assertThat(jdbc.queryForList(
                        "SELECT amount_msats FROM ledger_entries WHERE entry_type = 'CHARGE' AND reservation_id IN (?, ?)"
                                + " ORDER BY amount_msats",
                        Long.class,
                        a.value(),
                        b.value()))
                .containsExactly(300L, 500L);
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    @Test
    void severalSettlementsAtOnce_eachAsItsSingleStatementWouldHaveSettledIt_theRestLeftToIt() throws Exception {
        ApiKey key = accounts.createIfAbsent(anApiKey().createdAt(now).build());
        accounts.credit(key.id(), Msats.of(10_000), "deposit:" + UUID.randomUUID(), now);
        ReservationId first = held(key, 1_000);
        ReservationId second = held(key, 1_000);
        ReservationId small = held(key, 500);

        List<Optional<Settled>> answers = settledTogether(List.of(
                settlement(first, 700),
                settlement(second, 0), // settled, nothing to book
                settlement(first, 300), // the same reservation again
                settlement(small, 600), // more than it holds
                settlement(new ReservationId(UUID.randomUUID()), 100))); // none such

        // Balance 10,000 - 700 = 9,300, the small hold still reserved: 8,800 free after both; after the first alone,
        // the second's 1,000 still held.
        assertThat(answers.get(0)).contains(settled(700, 7_800, 1));
        assertThat(answers.get(1)).contains(settled(0, 8_800, 0));
        assertThat(answers.subList(2, 5)).containsOnlyNulls();
        ApiKey after = accounts.findById(key.id()).orElseThrow();
        assertThat(after.balance()).isEqualTo(Msats.of(9_300));
        assertThat(after.reserved()).isEqualTo(Msats.of(500));
        assertThat(jdbc.queryForList(
                        "SELECT state FROM reservations WHERE id IN (?, ?) ORDER BY state",
                        String.class,
                        first.value(),
                        second.value()))
                .containsExactly("CHARGED", "CHARGED");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM ledger_entries WHERE entry_type = 'CHARGE' AND reservation_id IN (?, ?)",
                        Long.class,
                        first.value(),
                        second.value()))
                .isEqualTo(1);
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    private static Settled settled(long charged, long remaining, long booked) {
        return new Settled("ACTIVE", false, Optional.empty(), false, Optional.of(charged), remaining, 0, 1, booked);
    }

    private GroupCommit.Call<Optional<Settled>> settlement(ReservationId reservation, long cost) {
        return PaidPathStatements.plainSettlement(reservation.value(), Msats.of(cost), ChargeDetails.NONE, now);
    }

    private ReservationId standingHold(ApiKey key) {
        return accounts.settleAndHoldNext(
                        held(key, 1), Msats.ZERO, ChargeDetails.NONE, key.id(), Msats.of(2_000), instance, now)
                .next()
                .orElseThrow()
                .reservation()
                .id();
    }

    private ReservationId held(ApiKey key, long msats) {
        KeyReserveResult result = accounts.reserveForKey(key.id(), Msats.of(msats), instance, now, ZoneOffset.UTC);
        return ((ReserveResult.Reserved) ((KeyReserveResult.Tried) result).result())
                .reservation()
                .id();
    }

    private GroupCommit.Call<KeptCharge> kept(ReservationId hold, ReservationId charge, ApiKey key, long cost) {
        return PaidPathStatements.keptCharge(
                hold.value(), charge.value(), key.id(), Msats.of(cost), ChargeDetails.NONE, now);
    }

    private List<KeptCharge> together(List<GroupCommit.Call<KeptCharge>> calls) throws Exception {
        return runTogether(PaidPathStatements.KEPT_CHARGE, calls);
    }

    private List<Optional<Settled>> settledTogether(List<GroupCommit.Call<Optional<Settled>>> calls) throws Exception {
        return runTogether(PaidPathStatements.PLAIN_SETTLEMENT, calls);
    }

    /** The kind's combined statement for {@code calls}, run as the writer runs it, autocommitted. */
    private <T> List<T> runTogether(GroupCommit.Combinable<T> kind, List<GroupCommit.Call<T>> calls) throws Exception {
        List<Object[]> values = new ArrayList<>();
        for (GroupCommit.Call<T> call : calls) {
            values.add(call.values());
        }
        try (Connection connection = dataSource.getConnection()) {
            GroupCommit.Prepared<T> statement = kind.together(connection, values);
            try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
                for (int i = 0; i < statement.arguments().length; i++) {
                    prepared.setObject(i + 1, statement.arguments()[i]);
                }
                try (ResultSet rows = prepared.executeQuery()) {
                    return statement.reader().read(rows);
                }
            }
        }
    }
}
