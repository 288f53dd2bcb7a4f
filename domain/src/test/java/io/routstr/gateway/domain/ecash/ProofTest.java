package io.routstr.gateway.domain.ecash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProofTest {

    static final KeysetId KEYSET = KeysetId.of("009a1f293253e41e");
    static final String SECRET = "407915bc212be61a77e3e6d2aeb4c727980bda51cd06a6afc29e2861768a7837";
    static final String C = "02bc9097997d81afb2cc7346b5e4345a9346bd2a506eb7958598a72f0cf85163ea";
    static final String SCALAR = "a6d13fcd7a18442e6076f5e1e7c887ad5de40a019824bdfa9fe740d302e8d861";

    @Test
    void rejectsZeroAndNegativeAmounts() {
        assertThatThrownBy(() -> Proof.of(0, KEYSET, SECRET, C)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Proof.of(-8, KEYSET, SECRET, C)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsEmptySecret() {
        assertThatThrownBy(() -> Proof.of(1, KEYSET, "", C)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsSignatureThatIsNotACompressedPointEncoding() {
        assertThatThrownBy(() -> Proof.of(1, KEYSET, SECRET, "04" + C.substring(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Proof.of(1, KEYSET, SECRET, C.substring(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsTheSecretOutOfItsStringForm() {
        Proof proof = Proof.of(2, KEYSET, SECRET, C).withDleq(new ProofDleq(SCALAR, SCALAR, SCALAR));

        assertThat(proof.toString()).doesNotContain(SECRET).doesNotContain(SCALAR.substring(0, 20) + "]");
        assertThat(proof.dleq().orElseThrow().toString()).contains("r=<redacted>");
    }

    @Test
    void dropsItsDleqBeforeGoingToTheMint() {
        Proof proof = Proof.of(2, KEYSET, SECRET, C).withDleq(new ProofDleq(SCALAR, SCALAR, SCALAR));

        assertThat(proof.withoutDleq().dleq()).isEmpty();
        assertThat(proof.withoutDleq().secret()).isEqualTo(SECRET);
    }

    @Test
    void rejectsDleqScalarsOfTheWrongLength() {
        assertThatThrownBy(() -> new ProofDleq(SCALAR, SCALAR, "ab")).isInstanceOf(IllegalArgumentException.class);
    }
}
