package io.routstr.gateway.cashu.lnurl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bech32 as LUD-01 and BOLT11 use it, checked against the LUD-01 example and BIP-173 rules. */
class Bech32Test {

    static final String LUD01_LNURL =
            "LNURL1DP68GURN8GHJ7UM9WFMXJCM99E3K7MF0V9CXJ0M385EKVCENXC6R2C35XVUKXEFCV5MKVV34X5EKZD3"
                    + "EV56NYD3HXQURZEPEXEJXXEPNXSCRVWFNV9NXZCN9XQ6XYEFHVGCXXCMYXYMNSERXFQ5FNS";
    static final String LUD01_URL =
            "https://service.com/api?q=3fc3645b439ce8e7f2553a69e5267081d96dcd340693afabe04be7b0ccd178df";

    @Test
    void decodesTheLud01Example() {
        Bech32.Decoded decoded = Bech32.decode(LUD01_LNURL).orElseThrow();

        assertThat(decoded.hrp()).isEqualTo("lnurl");
        assertThat(new String(Bech32.toBytes(decoded.words()).orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo(LUD01_URL);
    }

    @Test
    void encodingTheLud01UrlGivesTheLud01Lnurl() {
        String encoded = Bech32.encode("lnurl", Bech32.toWords(LUD01_URL.getBytes(StandardCharsets.UTF_8)));

        assertThat(encoded).isEqualTo(LUD01_LNURL.toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void lowerCaseIsTheSameString() {
        assertThat(Bech32.decode(LUD01_LNURL.toLowerCase(java.util.Locale.ROOT)))
                .isPresent();
    }

    @Test
    void mixedCaseIsRefused() {
        String mixed = "lnurl1" + LUD01_LNURL.substring(6);

        assertThat(Bech32.decode(mixed)).isEmpty();
    }

    @Test
    void aSingleChangedCharacterBreaksTheChecksum() {
        char[] chars = LUD01_LNURL.toCharArray();
        chars[20] = chars[20] == 'Q' ? 'P' : 'Q';

        assertThat(Bech32.decode(new String(chars))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lnurl1", "1qqqqqq", "lnurl1qqqqqb", "lnurl1qqq qqqqq", "lnurl1qqqqqqqqqqqqqo"})
    void malformedStringsAreRefused(String text) {
        assertThat(Bech32.decode(text)).isEmpty();
    }

    @Test
    void leftoverBitsMustBeFewerThanFiveAndZero() {
        // BIP-173: two words are ten bits, one byte and two bits of padding, which must be zero.
        assertThat(Bech32.toBytes(new byte[] {0, 0}))
                .hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(0));
        assertThat(Bech32.toBytes(new byte[] {0, 1})).isEmpty();
        // A whole word of padding is not padding but a truncated byte.
        assertThat(Bech32.toBytes(new byte[] {0})).isEmpty();
    }
}
