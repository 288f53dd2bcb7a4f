package io.routstr.gateway.application.contract;

import static io.routstr.gateway.application.contract.WalletFixtures.aKeyset;
import static io.routstr.gateway.application.contract.WalletFixtures.aMint;
import static io.routstr.gateway.application.contract.WalletFixtures.aProof;
import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.MintBackingPort;
import io.routstr.gateway.application.port.out.MintBackingPort.Backing;
import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract of {@link MintBackingPort}, for the in-memory fake and PostgreSQL. */
public abstract class MintBackingContract {

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    protected abstract MintBackingPort backing();

    protected abstract WalletProofStorePort proofs();

    protected abstract ApiKeyPort apiKeys();

    protected abstract BalancePort balances();

    private void owe(MintUrl mint, CurrencyUnit unit, long msats) {
        ApiKey key = apiKeys()
                .createIfAbsent(anApiKey()
                        .withRefundTarget(RefundTarget.to(mint, unit))
                        .createdAt(now)
                        .build());
        balances().credit(key.id(), Msats.of(msats), "deposit:" + UUID.randomUUID(), now);
    }

    @Test
    void theBackingOfAMint_isItsOwnProofsUnspentAndPending_besideTheBalancesOwedThere() {
        MintUrl x = aMint();
        MintUrl y = aMint();
        KeysetId keyset = aKeyset();
        proofs().addUnspent(x, CurrencyUnit.SAT, List.of(aProof(keyset, 8), aProof(keyset, 4)), now);
        NewProof inFlight = aProof(keyset, 2);
        proofs().addUnspent(x, CurrencyUnit.SAT, List.of(inFlight), now);
        proofs().claim(
                        UUID.randomUUID(),
                        x,
                        CurrencyUnit.SAT,
                        candidates -> candidates.stream()
                                .filter(p -> p.y().equals(inFlight.y()))
                                .toList(),
                        now);
        proofs().addUnspent(y, CurrencyUnit.SAT, List.of(aProof(keyset, 64)), now);
        proofs().addUnspent(x, CurrencyUnit.MSAT, List.of(aProof(keyset, 512)), now);
        owe(x, CurrencyUnit.SAT, 5_000);
        owe(x, CurrencyUnit.SAT, 1_500);
        owe(y, CurrencyUnit.SAT, 9_000);
        owe(x, CurrencyUnit.MSAT, 700);

        assertThat(backing().backingAt(x, CurrencyUnit.SAT)).isEqualTo(new Backing(12, 2, Msats.of(6_500)));
    }

    @Test
    void forAPayoutItsProofsCover_theUnspentReadCoversThePayoutAndTheBalancesOwed_andIsNoMoreThanTheWhole() {
        MintUrl x = aMint();
        KeysetId keyset = aKeyset();
        proofs().addUnspent(
                        x, CurrencyUnit.SAT, List.of(aProof(keyset, 64), aProof(keyset, 8), aProof(keyset, 1)), now);
        owe(x, CurrencyUnit.SAT, 5_500); // 6 sats owed, rounded up

        Backing forTen = backing().backingFor(x, CurrencyUnit.SAT, 10);

        assertThat(forTen.unspent()).isBetween(16L, 73L);
        assertThat(forTen.pending()).isZero();
        assertThat(forTen.owed()).isEqualTo(Msats.of(5_500));
    }

    @Test
    void forAPayoutItsProofsDoNotCover_theBackingIsTheWholeSums() {
        MintUrl x = aMint();
        KeysetId keyset = aKeyset();
        proofs().addUnspent(x, CurrencyUnit.SAT, List.of(aProof(keyset, 8), aProof(keyset, 4)), now);
        owe(x, CurrencyUnit.SAT, 3_000);

        assertThat(backing().backingFor(x, CurrencyUnit.SAT, 10)).isEqualTo(new Backing(12, 0, Msats.of(3_000)));
    }

    @Test
    void aMintTheWalletNeverHeldNorOwes_isBackedByNothing() {
        assertThat(backing().backingAt(aMint(), CurrencyUnit.SAT)).isEqualTo(new Backing(0, 0, Msats.ZERO));
    }
}
