package io.routstr.gateway.persistence.accounts;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.BalancePort.KeyReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.ReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.SettleResult;
import io.routstr.gateway.application.port.out.BalancePort.SettledAndHeld;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.ledger.LedgerEntryIds;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.ReservationId;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every ledger entry the node books has a time-ordered id (version 7) carrying the entry's own time, whether the node
 * drew it (deposits) or PostgreSQL did (the paid path's charges and shortfalls; those of a group-commit batch are
 * checked by {@code GroupCommitTest}'s concurrent clients), so that the ledger's primary-key index grows at its right
 * edge.
 */
@PostgresAdapterTest
class TimeOrderedLedgerIdsTest {

    @Autowired
    JpaAccountsAdapter accounts;

    @Autowired
    JdbcTemplate jdbc;

    private final Instant start = Instant.parse("2026-03-10T12:00:00.123Z");
    private final InstanceId instance = InstanceId.random();

    @Test
    void theDatabaseDrawsIdsInTheNodesLayout_theTimeFirstThenRandomBits() {
        Instant at = Instant.parse("2031-07-01T08:30:15.987654Z");

        List<UUID> drawn = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            drawn.add(jdbc.queryForObject("SELECT ledger_entry_id(?)", UUID.class, Timestamp.from(at)));
        }
        UUID node = LedgerEntryIds.at(at);

        for (UUID id : drawn) {
            assertThat(id.version()).as("version of %s", id).isEqualTo(7);
            assertThat(id.variant()).as("variant of %s", id).isEqualTo(2);
            assertThat(LedgerEntryIds.timeOf(id)).isEqualTo(at.truncatedTo(ChronoUnit.MILLIS));
            assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(node.getMostSignificantBits() >>> 16);
        }
        assertThat(drawn).doesNotHaveDuplicates();
    }

    @Test
    void depositsChargesShortfallsAndKeptCharges_allCarryTheirOwnTime() {
        ApiKey key = funded(10_000, start);
        ReservationId first = held(key, 1_000, start.plusSeconds(1));
        SettledAndHeld settled = accounts.settleAndHoldNext(
                first, Msats.of(700), ChargeDetails.NONE, key.id(), Msats.of(1_000), instance, start.plusSeconds(2));
        ReservationId standing = settled.next().orElseThrow().reservation().id();
        assertThat(accounts.chargeKeepingHold(
                        standing,
                        accounts.newReservationId(key.id()),
                        key.id(),
                        Msats.of(600),
                        ChargeDetails.NONE,
                        start.plusSeconds(3)))
                .hasValueSatisfying(charged -> assertThat(charged).isInstanceOf(SettleResult.Charged.class));
        assertThat(accounts.settle(standing, Msats.of(500), start.plusSeconds(4)))
                .isInstanceOf(SettleResult.Charged.class);
        ApiKey small = funded(1_000, start.plusSeconds(5));
        ReservationId short_ = held(small, 1_000, start.plusSeconds(6));
        assertThat(accounts.settle(short_, Msats.of(1_500), start.plusSeconds(7)))
                .isEqualTo(new SettleResult.Charged(Msats.of(1_000), Msats.of(500), Msats.ZERO));

        List<Entry> entries = entriesOf(List.of(key, small));
        assertThat(entries)
                .extracting(Entry::type)
                .containsExactly("DEPOSIT", "CHARGE", "CHARGE", "CHARGE", "DEPOSIT", "CHARGE", "SHORTFALL");
        assertEveryIdCarriesItsEntrysTime(entries);
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    private record Entry(UUID id, String type, Instant createdAt) {}

    /** The keys' entries (the test database is shared), in the order of their times. */
    private List<Entry> entriesOf(List<ApiKey> keys) {
        List<Entry> entries = new ArrayList<>();
        for (ApiKey key : keys) {
            entries.addAll(jdbc.query(
                    "SELECT id, entry_type, created_at FROM ledger_entries WHERE key_id = ?",
                    (rs, row) -> new Entry(
                            rs.getObject("id", UUID.class),
                            rs.getString("entry_type"),
                            rs.getTimestamp("created_at").toInstant()),
                    key.id().value()));
        }
        entries.sort(Comparator.comparing(Entry::createdAt).thenComparing(Entry::type));
        return entries;
    }

    private static void assertEveryIdCarriesItsEntrysTime(List<Entry> entries) {
        for (Entry entry : entries) {
            assertThat(entry.id().version()).as("version of %s", entry).isEqualTo(7);
            assertThat(LedgerEntryIds.timeOf(entry.id()))
                    .as("time in %s", entry)
                    .isEqualTo(entry.createdAt().truncatedTo(ChronoUnit.MILLIS));
        }
    }

    private ApiKey funded(long msats, Instant at) {
        ApiKey stored = accounts.createIfAbsent(anApiKey().createdAt(at).build());
        accounts.credit(stored.id(), Msats.of(msats), "deposit:" + UUID.randomUUID(), at);
        return stored;
    }

    private ReservationId held(ApiKey key, long msats, Instant at) {
        KeyReserveResult result = accounts.reserveForKey(key.id(), Msats.of(msats), instance, at, ZoneOffset.UTC);
        assertThat(result).isInstanceOf(KeyReserveResult.Tried.class);
        ReserveResult reserved = ((KeyReserveResult.Tried) result).result();
        assertThat(reserved).isInstanceOf(ReserveResult.Reserved.class);
        return ((ReserveResult.Reserved) reserved).reservation().id();
    }
}
