package io.routstr.gateway.domain.ecash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeysetIdTest {

    private static final String V2 = "015ba18a8adcd02e715a58358eb618da4a4b3791151a4bee5e968bb88406ccf76a";

    @Test
    void acceptsV1IdAsFullId() {
        KeysetId id = KeysetId.of("009a1f293253e41e");

        assertThat(id.version()).isZero();
        assertThat(id.isShort()).isFalse();
        assertThat(id.shortForm()).isEqualTo(id);
    }

    @Test
    void acceptsFullV2IdAndShortensItToEightBytes() {
        KeysetId id = KeysetId.of(V2);

        assertThat(id.version()).isEqualTo(1);
        assertThat(id.isShort()).isFalse();
        assertThat(id.toBytes()).hasSize(33);
        assertThat(id.shortForm()).isEqualTo(KeysetId.of("015ba18a8adcd02e"));
        assertThat(id.shortForm().isShort()).isTrue();
    }

    @Test
    void shortIdAbbreviatesOnlyItsFullId() {
        KeysetId shortId = KeysetId.of("015ba18a8adcd02e");

        assertThat(shortId.abbreviates(KeysetId.of(V2))).isTrue();
        assertThat(shortId.abbreviates(
                        KeysetId.of("01ab6aa4ff30390da34986d84be5274b48ad7a74265d791095bfc39f4098d9764f")))
                .isFalse();
        assertThat(KeysetId.of(V2).abbreviates(KeysetId.of(V2))).isTrue();
        assertThat(KeysetId.of("009a1f293253e41e").abbreviates(KeysetId.of("009a1f293253e41e")))
                .isTrue();
    }

    @Test
    void normalisesUppercaseHex() {
        assertThat(KeysetId.of("009A1F293253E41E").value()).isEqualTo("009a1f293253e41e");
    }

    @Test
    void roundTripsThroughBytes() {
        assertThat(KeysetId.fromBytes(KeysetId.of(V2).toBytes())).isEqualTo(KeysetId.of(V2));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "00",
                "009a1f293253e41",
                "009a1f293253e41e00",
                "029a1f293253e41e",
                "009a1f293253e41g",
                "I2yN+iRYfkzT",
                "015ba18a8adcd02e715a58358eb618da4a4b3791151a4bee5e968bb88406ccf7"
            })
    void rejectsIdsThatAreNeitherV1NorV2(String text) {
        assertThatThrownBy(() -> KeysetId.of(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
