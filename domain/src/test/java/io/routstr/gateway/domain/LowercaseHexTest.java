package io.routstr.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LowercaseHexTest {

    @Test
    void exactlyThatManyLowercaseHexDigitsAreHex() {
        assertThat(LowercaseHex.is("0123456789abcdef", 16)).isTrue();
        assertThat(LowercaseHex.is("", 0)).isTrue();
    }

    @Test
    void uppercaseOtherLettersAndOtherLengthsAreNot() {
        assertThat(LowercaseHex.is("0123456789ABCDEF", 16)).isFalse();
        assertThat(LowercaseHex.is("0123456789abcdeg", 16)).isFalse();
        assertThat(LowercaseHex.is("0123456789abcde", 16)).isFalse();
        assertThat(LowercaseHex.is("0123456789abcdef0", 16)).isFalse();
        assertThat(LowercaseHex.is("0123456789abcde/", 16)).isFalse();
        assertThat(LowercaseHex.is("0123456789abcde:", 16)).isFalse();
        assertThat(LowercaseHex.is("0123456789abcde`", 16)).isFalse();
    }

    @Test
    void aPrefixIsMatchedAsItIs_andTheDigitsAfterItAreCounted() {
        assertThat(LowercaseHex.isPrefixed("02" + "a".repeat(64), "02", 64)).isTrue();
        assertThat(LowercaseHex.isPrefixed("03" + "a".repeat(64), "02", 64)).isFalse();
        assertThat(LowercaseHex.isPrefixed("02" + "a".repeat(63), "02", 64)).isFalse();
        assertThat(LowercaseHex.isPrefixed("02" + "a".repeat(65), "02", 64)).isFalse();
        assertThat(LowercaseHex.isPrefixed("02" + "A".repeat(64), "02", 64)).isFalse();
        assertThat(LowercaseHex.isPrefixed("00" + "f".repeat(14), "00", 14)).isTrue();
    }
}
