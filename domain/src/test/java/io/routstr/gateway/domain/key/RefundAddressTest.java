package io.routstr.gateway.domain.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RefundAddressTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "alice@wallet.example",
                "Alice.Tip+tag@walletofsatoshi.com",
                "bob@[::1]:8443",
                "lightning:alice@wallet.example",
                "lnurl1dp68gurn8ghj7um9wfmxjcm99e3k7mf0v9cxj0m385ekvcenxc6r2c35xvukxefcv5mkvv34x5ekzd3ev56nyd3hxqurzepexejxxepnxscrvwfnv9nxzcn9xq6xyefhvgcxxcmyxymnserxfq5fns",
                "LNURL1DP68GURN8GHJ7UM9WFMXJCM99E3K7MF0V9CXJ0M385EKVCENXC6R2C35XVUKXEFCV5MKVV34X5EKZD3EV56NYD3HXQURZEPEXEJXXEPNXSCRVWFNV9NXZCN9XQ6XYEFHVGCXXCMYXYMNSERXFQ5FNS",
                "lnurlp://wallet.example/lnurlp/alice",
                "https://wallet.example/.well-known/lnurlp/alice",
                "  alice@wallet.example  "
            })
    void theShapesOfRefundDestinationsAreAccepted(String text) {
        assertThat(RefundAddress.parse(text))
                .hasValueSatisfying(a -> assertThat(a.value()).isEqualTo(text.strip()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "not an address",
                "alice",
                "@wallet.example",
                "alice@",
                "alice@wallet example",
                "lnurl1notbech32!",
                "lnurl1",
                "LnUrL1dp68gurn8ghj7",
                "http://wallet.example/lnurlp/alice",
                "https://",
                "lnurlp://",
                "lnurlw://wallet.example/withdraw",
                "alice@wallet.example\u0000",
                "alice@wallet.exampl\u00e9"
            })
    void anythingElseIsRefused(String text) {
        assertThat(RefundAddress.parse(text)).isEmpty();
    }

    @Test
    void anAddressLongerThanTheStoredColumnIsRefused() {
        String longest = "a".repeat(RefundAddress.MAX_LENGTH - "@wallet.example".length()) + "@wallet.example";

        assertThat(RefundAddress.parse(longest)).isPresent();
        assertThat(RefundAddress.parse("a" + longest)).isEmpty();
    }

    @Test
    void theConstructorRefusesWhatParseRefuses() {
        assertThatThrownBy(() -> new RefundAddress("not an address")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itStaysOutOfLogs() {
        assertThat(new RefundAddress("alice@wallet.example").toString()).doesNotContain("alice");
    }
}
