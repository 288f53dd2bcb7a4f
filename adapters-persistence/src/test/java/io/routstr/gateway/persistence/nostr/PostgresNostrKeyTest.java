package io.routstr.gateway.persistence.nostr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.contract.NostrKeyStoreContract;
import io.routstr.gateway.application.port.out.NostrKeyStorePort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PostgresAdapterTest
class PostgresNostrKeyTest extends NostrKeyStoreContract {

    @Autowired
    JdbcNostrKeyAdapter adapter;

    @Autowired
    AtRestCipher cipher;

    @Autowired
    JdbcClient jdbc;

    @Override
    protected NostrKeyStorePort keys() {
        return adapter;
    }

    @AfterEach
    void forgetTheKey() {
        jdbc.sql("DELETE FROM nostr_key").update();
    }

    @Test
    void instancesStartingTogether_allGetTheOneKeyStoredFirst() {
        List<JdbcNostrKeyAdapter> instances = IntStream.range(0, 8)
                .mapToObj(i -> new JdbcNostrKeyAdapter(jdbc, cipher))
                .toList();
        CountDownLatch start = new CountDownLatch(1);

        List<CompletableFuture<String>> kept = IntStream.range(0, instances.size())
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return instances
                            .get(i)
                            .storeIfAbsent(
                                    HexFormat.of().toHexDigits((long) i + 1).repeat(4));
                }))
                .toList();
        start.countDown();

        List<String> keys =
                kept.stream().map(CompletableFuture::join).distinct().toList();
        assertThat(keys).hasSize(1);
        assertThat(instances.getFirst().load()).hasValue(keys.getFirst());
        assertThat(jdbc.sql("SELECT count(*) FROM nostr_key").query(Long.class).single())
                .isEqualTo(1L);
    }

    @Test
    void theKeyIsStoredSealed_neverAsItsHex() {
        String key = adapter.storeIfAbsent(FIRST_KEY);

        byte[] row = storedRow();
        assertThat(row[0]).isEqualTo(AtRestCipher.VERSION);
        assertThat(new String(row, StandardCharsets.ISO_8859_1)).doesNotContain(key);
        assertThat(HexFormat.of().formatHex(row)).doesNotContain(key);
    }

    @Test
    void aStoredKey_failsLoudlyUnderAnotherNodeSecret_insteadOfSigningAsAnotherNpub() {
        adapter.storeIfAbsent(FIRST_KEY);
        JdbcNostrKeyAdapter otherSecret =
                new JdbcNostrKeyAdapter(jdbc, AtRestCipher.fromNodeSecret("another node secret, not this one"));

        assertThatThrownBy(otherSecret::load)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ROUTSTR_SECRET_KEY");
        assertThatThrownBy(() -> otherSecret.storeIfAbsent(SECOND_KEY)).hasMessageContaining("ROUTSTR_SECRET_KEY");
    }

    private byte[] storedRow() {
        return jdbc.sql("SELECT encrypted FROM nostr_key WHERE id = 1")
                .query((rs, row) -> rs.getBytes(1))
                .single();
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
