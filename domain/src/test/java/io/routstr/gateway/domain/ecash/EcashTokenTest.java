package io.routstr.gateway.domain.ecash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.List;
import org.junit.jupiter.api.Test;

class EcashTokenTest {

    private static final MintUrl MINT = MintUrl.of("https://mint.example.com/");

    private static Proof proof(long amount, String keyset) {
        return Proof.of(amount, KeysetId.of(keyset), "secret-" + amount, ProofTest.C);
    }

    @Test
    void amountIsTheSumOfTheProofs() {
        EcashToken token = EcashToken.of(
                MINT, CurrencyUnit.SAT, List.of(proof(2, "009a1f293253e41e"), proof(8, "009a1f293253e41e")));

        assertThat(token.amount()).isEqualTo(10);
        assertThat(token.mint().value()).isEqualTo("https://mint.example.com");
    }

    @Test
    void rejectsAmountsThatOverflowALong() {
        List<Proof> proofs = List.of(proof(Long.MAX_VALUE, "009a1f293253e41e"), proof(1, "009a1f293253e41e"));

        assertThatThrownBy(() -> EcashToken.of(MINT, CurrencyUnit.SAT, proofs))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsTokenWithoutProofs() {
        assertThatThrownBy(() -> EcashToken.of(MINT, CurrencyUnit.SAT, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsKeysetsInFirstSeenOrderAndFlagsShortOnes() {
        EcashToken token = EcashToken.of(
                MINT,
                CurrencyUnit.SAT,
                List.of(proof(1, "015ba18a8adcd02e"), proof(2, "009a1f293253e41e"), proof(4, "015ba18a8adcd02e")));

        assertThat(token.keysetIds()).containsExactly(KeysetId.of("015ba18a8adcd02e"), KeysetId.of("009a1f293253e41e"));
        assertThat(token.hasShortKeysetIds()).isTrue();
    }

    @Test
    void keepsSecretsOutOfItsStringForm() {
        EcashToken token = EcashToken.of(MINT, CurrencyUnit.SAT, List.of(proof(2, "009a1f293253e41e")));

        assertThat(token.toString()).doesNotContain("secret-2").contains("amount=2");
    }
}
