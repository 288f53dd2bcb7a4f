package io.routstr.gateway.application.service.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProofSelectionTest {

    private static final KeysetId KEYSET = KeysetId.of("00ffd48b8f5ecf80");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static List<StoredProof> candidates(long... amounts) {
        return Arrays.stream(amounts)
                .boxed()
                .sorted((a, b) -> Long.compare(b, a))
                .map(amount -> {
                    String y = "02%064x".formatted(SEQUENCE.incrementAndGet());
                    return new StoredProof(
                            Proof.of(amount, KEYSET, "s" + y, y),
                            y,
                            MintUrl.of("https://mint.test"),
                            CurrencyUnit.SAT,
                            ProofState.UNSPENT,
                            Optional.empty(),
                            false);
                })
                .toList();
    }

    private static long sum(List<StoredProof> proofs) {
        return proofs.stream().mapToLong(StoredProof::amount).sum();
    }

    @Test
    void anExactSubset_isSentAsItIs() {
        List<StoredProof> chosen = ProofSelection.forSend(21, Map.of()).select(candidates(16, 8, 4, 1, 1));

        assertThat(sum(chosen)).isEqualTo(21);
    }

    @Test
    void withoutAnExactSubset_theSelectionCoversTheAmountAndItsOwnFee() {
        Map<KeysetId, Long> fees = Map.of(KEYSET, 600L);

        List<StoredProof> chosen = ProofSelection.forSend(5, fees).select(candidates(4, 2, 8));

        long fee = Amounts.inputFee(chosen.stream().map(StoredProof::proof).toList(), fees);
        assertThat(sum(chosen) - fee).isGreaterThanOrEqualTo(5);
    }

    @Test
    void tooLittle_selectsNothing() {
        assertThat(ProofSelection.covering(100, Map.of()).select(candidates(64, 32)))
                .isEmpty();
        assertThat(ProofSelection.covering(96, Map.of(KEYSET, 1000L)).select(candidates(64, 32)))
                .isEmpty();
    }
}
