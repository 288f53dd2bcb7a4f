package io.routstr.gateway.cashu.lnurl;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.LightningAddressPort.Reason;
import io.routstr.gateway.domain.money.Msats;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The address forms of LUD-01, -06, -16 and -17, and the LUD-06 callback URL. */
class PayLinksTest {

    private static URI endpoint(String address) {
        return switch (PayLinks.endpointOf(address, false)) {
            case Attempt.Ok<URI>(var uri) -> uri;
            case Attempt.Failed<URI>(var refusal) -> throw new AssertionError(refusal.toString());
        };
    }

    private static Reason refusal(String address) {
        return switch (PayLinks.endpointOf(address, false)) {
            case Attempt.Ok<URI>(var uri) -> throw new AssertionError("accepted as " + uri);
            case Attempt.Failed<URI>(var refused) -> refused.reason();
        };
    }

    @Test
    void decodesTheLud01ExampleInEitherCaseAndBehindLightningPrefix() {
        URI expected = URI.create(Bech32Test.LUD01_URL);

        assertThat(endpoint(Bech32Test.LUD01_LNURL)).isEqualTo(expected);
        assertThat(endpoint(Bech32Test.LUD01_LNURL.toLowerCase(Locale.ROOT))).isEqualTo(expected);
        assertThat(endpoint("lightning:" + Bech32Test.LUD01_LNURL)).isEqualTo(expected);
        assertThat(endpoint("LIGHTNING:" + Bech32Test.LUD01_LNURL)).isEqualTo(expected);
        assertThat(endpoint("  " + Bech32Test.LUD01_LNURL + "\n")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "alice@example.com, https://example.com/.well-known/lnurlp/alice",
        "Alice@Example.COM, https://example.com/.well-known/lnurlp/alice",
        "lightning:bob.smith+tips@pay.example.org, https://pay.example.org/.well-known/lnurlp/bob.smith+tips",
        "carol_1@example.com:8443, https://example.com:8443/.well-known/lnurlp/carol_1",
        "npub1abc@npub.cash, https://npub.cash/.well-known/lnurlp/npub1abc"
    })
    void mapsLightningAddressesToTheirWellKnownUrl(String address, String url) {
        assertThat(endpoint(address)).isEqualTo(URI.create(url));
    }

    @Test
    void mapsLnurlpSchemeToHttps() {
        assertThat(endpoint("lnurlp://example.com/pay/alice?x=1"))
                .isEqualTo(URI.create("https://example.com/pay/alice?x=1"));
    }

    @Test
    void buildsHttpUrlsWhenHttpIsAllowed() {
        assertThat(PayLinks.endpointOf("alice@127.0.0.1:8080", true))
                .isEqualTo(Attempt.ok(URI.create("http://127.0.0.1:8080/.well-known/lnurlp/alice")));
    }

    @Test
    void takesHttpsUrlsAsTheyAreWithoutFragment() {
        assertThat(endpoint("https://example.com/lnurlp/alice?tag=x#frag"))
                .isEqualTo(URI.create("https://example.com/lnurlp/alice?tag=x"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "alice",
                "alice@",
                "@example.com",
                "alice@exa mple.com",
                "alice@@example.com",
                "lnurl1qqqqqqqqq",
                "lnurlw://example.com/withdraw",
                "keyauth://example.com/login",
                "ftp://example.com/x",
                "https://",
                "https://exa_mple.com/x",
                "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
            })
    void refusesWhatIsNoPayLink(String address) {
        assertThat(refusal(address)).isEqualTo(Reason.INVALID_ADDRESS);
    }

    @Test
    void refusesAnLnurlWithAnotherHrp() {
        String other = Bech32.encode("lnurl1x", Bech32.toWords("https://example.com".getBytes(StandardCharsets.UTF_8)));

        assertThat(refusal(other)).isEqualTo(Reason.INVALID_ADDRESS);
    }

    @Test
    void refusesOverlongInput() {
        assertThat(refusal("a".repeat(PayLinks.MAX_ADDRESS_CHARS) + "@example.com"))
                .isEqualTo(Reason.INVALID_ADDRESS);
    }

    @ParameterizedTest
    @CsvSource({
        "https://example.com/cb, https://example.com/cb?amount=21000",
        "https://example.com/cb?, https://example.com/cb?amount=21000",
        "https://example.com/cb?id=a%2Bb&x=1, https://example.com/cb?id=a%2Bb&x=1&amount=21000",
        "https://example.com:8443, https://example.com:8443?amount=21000"
    })
    void appendsTheAmountKeepingTheCallbacksQuery(String callback, String expected) {
        assertThat(PayLinks.callbackWithAmount(URI.create(callback), Msats.of(21_000)))
                .isEqualTo(URI.create(expected));
    }
}
