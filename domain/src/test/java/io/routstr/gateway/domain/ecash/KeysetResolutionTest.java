package io.routstr.gateway.domain.ecash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeysetResolutionTest {

    private static final KeysetId FULL_A =
            KeysetId.of("015ba18a8adcd02e715a58358eb618da4a4b3791151a4bee5e968bb88406ccf76a");
    private static final KeysetId FULL_B =
            KeysetId.of("01ab6aa4ff30390da34986d84be5274b48ad7a74265d791095bfc39f4098d9764f");
    private static final KeysetId COLLIDING_WITH_A =
            KeysetId.of("015ba18a8adcd02e00000000000000000000000000000000000000000000000000");
    private static final KeysetId V1 = KeysetId.of("009a1f293253e41e");

    @Test
    void resolvesAShortIdToTheOnlyMatchingKeyset() {
        assertThat(FULL_A.shortForm().resolveAmong(List.of(FULL_B, FULL_A, V1)))
                .isEqualTo(new KeysetResolution.Resolved(FULL_A));
    }

    @Test
    void resolvesFullAndV1IdsByExactMatch() {
        assertThat(FULL_B.resolveAmong(List.of(FULL_A, FULL_B))).isEqualTo(new KeysetResolution.Resolved(FULL_B));
        assertThat(V1.resolveAmong(List.of(FULL_A, V1))).isEqualTo(new KeysetResolution.Resolved(V1));
    }

    @Test
    void reportsAnUnknownId() {
        assertThat(FULL_A.shortForm().resolveAmong(List.of(FULL_B, V1)))
                .isEqualTo(new KeysetResolution.Unknown(FULL_A.shortForm()));
    }

    @Test
    void refusesAShortIdThatMatchesTwoKeysets() {
        KeysetResolution resolution = FULL_A.shortForm().resolveAmong(List.of(FULL_A, COLLIDING_WITH_A));

        assertThat(resolution).isInstanceOf(KeysetResolution.Ambiguous.class);
        assertThat(((KeysetResolution.Ambiguous) resolution).candidates()).containsExactly(FULL_A, COLLIDING_WITH_A);
    }
}
