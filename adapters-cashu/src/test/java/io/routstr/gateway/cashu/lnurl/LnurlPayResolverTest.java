package io.routstr.gateway.cashu.lnurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.port.out.LightningAddressPort.InvoiceResult;
import io.routstr.gateway.application.port.out.LightningAddressPort.InvoiceResult.Invoice;
import io.routstr.gateway.application.port.out.LightningAddressPort.InvoiceResult.Refused;
import io.routstr.gateway.application.port.out.LightningAddressPort.Reason;
import io.routstr.gateway.application.port.out.LightningAddressPort.SendableRange;
import io.routstr.gateway.cashu.lnurl.FakeLnurlService.Reply;
import io.routstr.gateway.domain.money.Msats;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LNURL-pay resolution against a local service: the happy paths of each address form, and every refusal. */
class LnurlPayResolverTest {

    private static final Msats AMOUNT = Msats.of(21_000);
    private static final LnurlPayConfig LOCAL =
            LnurlPayConfig.defaults().withAllowPrivateDestinations(true).withAllowHttp(true);
    private static final Pattern AMOUNT_PARAMETER = Pattern.compile("(?:^|&)amount=(\\d+)");

    private FakeLnurlService service;
    private LnurlPayResolver resolver;
    private final CountDownLatch releaseStalledRequests = new CountDownLatch(1);

    @BeforeEach
    void startService() {
        service = new FakeLnurlService();
        resolver = new LnurlPayResolver(LOCAL);
    }

    @AfterEach
    void stopService() {
        releaseStalledRequests.countDown();
        resolver.close();
        service.close();
    }

    /** A checksum-valid mainnet invoice whose human-readable part encodes {@code msats} (in pico-bitcoin). */
    private static String invoiceFor(long msats) {
        return Bech32.encode("lnbc" + (msats * 10) + "p", new byte[] {3, 1, 4, 1, 5, 9, 2, 6, 5, 3});
    }

    private static String payRequest(String callback, long min, long max) {
        return """
                {"tag":"payRequest","callback":"%s","minSendable":%d,"maxSendable":%d,
                 "metadata":"[[\\"text/plain\\",\\"tips\\"]]","commentAllowed":0}""".formatted(callback, min, max);
    }

    /** A callback that issues an invoice for whatever amount it is asked. */
    private static Reply invoiceForRequestedAmount(URI request) {
        Matcher amount = AMOUNT_PARAMETER.matcher(request.getRawQuery());
        if (!amount.find()) {
            return Reply.json(400, "{\"status\":\"ERROR\",\"reason\":\"amount missing\"}");
        }
        return Reply.json("{\"pr\":\"" + invoiceFor(Long.parseLong(amount.group(1))) + "\",\"routes\":[]}");
    }

    private void servePayRequest(String path, long min, long max) {
        service.route(path, request -> Reply.json(payRequest(service.url("/cb/alice?k=v%2Bw"), min, max)))
                .route("/cb/alice", LnurlPayResolverTest::invoiceForRequestedAmount);
    }

    private InvoiceResult request(String address) {
        return resolver.requestInvoice(address, AMOUNT);
    }

    private static Refused refused(InvoiceResult result) {
        assertThat(result).isInstanceOf(Refused.class);
        return (Refused) result;
    }

    @Test
    void resolvesALightningAddressAndKeepsTheCallbackQuery() {
        servePayRequest("/.well-known/lnurlp/alice", 1_000, 1_000_000_000);

        InvoiceResult result = request("alice@" + service.authority());

        assertThat(result).isEqualTo(new Invoice(invoiceFor(21_000), AMOUNT));
        assertThat(service.requests())
                .extracting(URI::toString)
                .containsExactly("/.well-known/lnurlp/alice", "/cb/alice?k=v%2Bw&amount=21000");
    }

    @Test
    void resolvesABech32LnurlBehindTheLightningPrefix() {
        servePayRequest("/lnurlp/alice", 1_000, 1_000_000_000);
        String lnurl = Bech32.encode(
                        "lnurl", Bech32.toWords(service.url("/lnurlp/alice").getBytes(StandardCharsets.UTF_8)))
                .toUpperCase(Locale.ROOT);

        assertThat(request("lightning:" + lnurl)).isEqualTo(new Invoice(invoiceFor(21_000), AMOUNT));
    }

    @Test
    void resolvesAPlainPayUrl() {
        servePayRequest("/lnurlp/alice", 1_000, 1_000_000_000);

        assertThat(request(service.url("/lnurlp/alice"))).isInstanceOf(Invoice.class);
    }

    @Test
    void followsARedirectToAnAllowedDestination() {
        servePayRequest("/moved/alice", 1_000, 1_000_000_000);
        service.route("/.well-known/lnurlp/alice", request -> Reply.redirect("/moved/alice"));

        assertThat(request("alice@" + service.authority())).isInstanceOf(Invoice.class);
    }

    @Test
    void acceptsTheBoundsOfTheSendableRange() {
        servePayRequest("/.well-known/lnurlp/alice", 21_000, 21_000);

        assertThat(request("alice@" + service.authority())).isInstanceOf(Invoice.class);
    }

    @Test
    void refusesAnAmountBelowMinSendableWithoutCallingBack() {
        servePayRequest("/.well-known/lnurlp/alice", 22_000, 1_000_000);

        Refused refused = refused(request("alice@" + service.authority()));

        assertThat(refused.reason()).isEqualTo(Reason.AMOUNT_OUT_OF_RANGE);
        assertThat(refused.sendable()).contains(new SendableRange(Msats.of(22_000), Msats.of(1_000_000)));
        assertThat(service.requests()).hasSize(1);
    }

    @Test
    void refusesAnAmountAboveMaxSendable() {
        servePayRequest("/.well-known/lnurlp/alice", 1_000, 20_000);

        Refused refused = refused(request("alice@" + service.authority()));

        assertThat(refused.reason()).isEqualTo(Reason.AMOUNT_OUT_OF_RANGE);
        assertThat(refused.sendable()).contains(new SendableRange(Msats.of(1_000), Msats.of(20_000)));
    }

    @Test
    void passesOnAServiceErrorFromThePayRequest() {
        service.route(
                "/.well-known/lnurlp/nobody",
                request -> Reply.json(404, "{\"status\":\"ERROR\",\"reason\":\"unknown user\"}"));

        Refused refused = refused(request("nobody@" + service.authority()));

        assertThat(refused.reason()).isEqualTo(Reason.SERVICE_ERROR);
        assertThat(refused.message()).contains("unknown user");
    }

    @Test
    void passesOnAServiceErrorFromTheCallback() {
        service.route(
                        "/.well-known/lnurlp/alice",
                        request -> Reply.json(payRequest(service.url("/cb/alice"), 1_000, 1_000_000)))
                .route("/cb/alice", request -> Reply.json("{\"status\":\"ERROR\",\"reason\":\"wallet offline\"}"));

        Refused refused = refused(request("alice@" + service.authority()));

        assertThat(refused.reason()).isEqualTo(Reason.SERVICE_ERROR);
        assertThat(refused.message()).contains("wallet offline");
    }

    @Test
    void reportsAnHttpErrorWithoutJsonAsAServiceError() {
        service.route("/.well-known/lnurlp/alice", request -> Reply.text(502, "<html>Bad gateway</html>"));

        assertThat(refused(request("alice@" + service.authority())).reason()).isEqualTo(Reason.SERVICE_ERROR);
    }

    @Test
    void refusesANonJsonAnswer() {
        service.route("/.well-known/lnurlp/alice", request -> Reply.text(200, "<html>hello</html>"));

        assertThat(refused(request("alice@" + service.authority())).reason()).isEqualTo(Reason.BAD_RESPONSE);
    }

    @Test
    void refusesAnOversizedAnswer() {
        String padding = " ".repeat(LnurlPayConfig.DEFAULT_MAX_RESPONSE_BYTES);
        service.route(
                "/.well-known/lnurlp/alice",
                request -> Reply.json(payRequest(service.url("/cb/alice"), 1_000, 1_000_000) + padding));

        Refused refused = refused(request("alice@" + service.authority()));

        assertThat(refused.reason()).isEqualTo(Reason.BAD_RESPONSE);
        assertThat(refused.message()).contains("larger than");
    }

    @Test
    void refusesAnLnurlOfAnotherKind() {
        service.route(
                "/w",
                request -> Reply.json("{\"tag\":\"withdrawRequest\",\"callback\":\"" + service.url("/cb") + "\","
                        + "\"k1\":\"00\",\"minWithdrawable\":1000,\"maxWithdrawable\":2000}"));

        assertThat(refused(request(service.url("/w"))).reason()).isEqualTo(Reason.INVALID_ADDRESS);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"tag\":\"payRequest\",\"minSendable\":1000,\"maxSendable\":2000}",
                "{\"tag\":\"payRequest\",\"callback\":\"CB\",\"minSendable\":\"1000\",\"maxSendable\":2000}",
                "{\"tag\":\"payRequest\",\"callback\":\"CB\",\"minSendable\":1000.5,\"maxSendable\":2000}",
                "{\"tag\":\"payRequest\",\"callback\":\"CB\",\"minSendable\":-1,\"maxSendable\":2000}",
                "{\"tag\":\"payRequest\",\"callback\":\"CB\",\"minSendable\":3000,\"maxSendable\":2000}",
                "{\"tag\":\"payRequest\",\"callback\":\"ftp://x/\",\"minSendable\":1000,\"maxSendable\":2000}",
                "{\"callback\":\"CB\",\"minSendable\":1000,\"maxSendable\":2000}",
                "[1,2,3]",
                "{\"tag\":\"payRequest\"} trailing"
            })
    void refusesAMalformedPayRequest(String body) {
        service.route("/p", request -> Reply.json(body.replace("CB", service.url("/cb"))));

        assertThat(refused(resolver.requestInvoice(service.url("/p"), Msats.of(1_500)))
                        .reason())
                .isEqualTo(Reason.BAD_RESPONSE);
    }

    @Test
    void refusesAnInvoiceForAnotherAmount() {
        service.route(
                        "/.well-known/lnurlp/alice",
                        request -> Reply.json(payRequest(service.url("/cb/alice"), 1_000, 1_000_000)))
                .route("/cb/alice", request -> Reply.json("{\"pr\":\"" + invoiceFor(210_000) + "\",\"routes\":[]}"));

        Refused refused = refused(request("alice@" + service.authority()));

        assertThat(refused.reason()).isEqualTo(Reason.BAD_RESPONSE);
        assertThat(refused.message()).contains("210000").contains("21000");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"routes\":[]}",
                "{\"pr\":\"lnbc210n1notaninvoice\"}",
                "{\"pr\":\"AMOUNTLESS\"}",
                "{\"pr\":\"BITCOIN\"}",
                "{\"pr\":42}"
            })
    void refusesACallbackWithoutAValidInvoice(String body) {
        String amountless = Bech32.encode("lnbc", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        String onChain = Bech32.encode("bc", new byte[] {0, 14, 20, 15, 7, 13, 26, 0, 25});
        service.route(
                        "/.well-known/lnurlp/alice",
                        request -> Reply.json(payRequest(service.url("/cb/alice"), 1_000, 1_000_000)))
                .route(
                        "/cb/alice",
                        request -> Reply.json(
                                body.replace("AMOUNTLESS", amountless).replace("BITCOIN", onChain)));

        assertThat(refused(request("alice@" + service.authority())).reason()).isEqualTo(Reason.BAD_RESPONSE);
    }

    @Test
    void refusesTooManyRedirects() {
        service.route("/loop", request -> Reply.redirect("/loop"));

        assertThat(refused(request(service.url("/loop"))).reason()).isEqualTo(Reason.BAD_RESPONSE);
        assertThat(service.requests()).hasSize(LnurlPayConfig.DEFAULT_MAX_REDIRECTS + 1);
    }

    @Test
    void reportsAServiceThatDoesNotAnswerInTimeAsUnreachable() {
        service.route("/.well-known/lnurlp/slow", request -> {
            releaseStalledRequests.await(10, TimeUnit.SECONDS);
            return Reply.json("{}");
        });
        try (LnurlPayResolver impatient = new LnurlPayResolver(LOCAL.withTotalTimeout(Duration.ofMillis(300)))) {
            Refused refused = refused(impatient.requestInvoice("slow@" + service.authority(), AMOUNT));

            assertThat(refused.reason()).isEqualTo(Reason.UNREACHABLE);
            assertThat(refused.message()).contains("in time");
        }
    }

    @Test
    void reportsAClosedPortAsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertThat(refused(request("alice@127.0.0.1:" + closedPort)).reason()).isEqualTo(Reason.UNREACHABLE);
    }

    @Test
    void refusesAnInvalidAddressWithoutAnyRequest() {
        assertThat(refused(request("not an address")).reason()).isEqualTo(Reason.INVALID_ADDRESS);
        assertThat(service.requests()).isEmpty();
    }

    @Test
    void rejectsANonPositiveAmountAsACallerBug() {
        assertThatThrownBy(() -> resolver.requestInvoice("alice@example.com", Msats.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Where loopback is the "public internet": the local service is reachable, every other private range is not. */
    private LnurlPayResolver resolverTrustingOnlyLoopback() {
        DestinationGuard guard = new DestinationGuard(
                true,
                address -> address.isLoopbackAddress() || PublicAddresses.isPublic(address),
                InetAddress::getAllByName);
        return new LnurlPayResolver(LOCAL.withAllowPrivateDestinations(false), guard);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/lnurlp/alice",
                "http://[fd00::1]/lnurlp/alice"
            })
    void refusesARedirectToAPrivateAddress(String target) {
        service.route("/.well-known/lnurlp/alice", request -> Reply.redirect(target));

        try (LnurlPayResolver guarded = resolverTrustingOnlyLoopback()) {
            Refused refused = refused(guarded.requestInvoice("alice@" + service.authority(), AMOUNT));

            assertThat(refused.reason()).isEqualTo(Reason.FORBIDDEN_DESTINATION);
        }
        assertThat(service.requests()).hasSize(1);
    }

    @Test
    void refusesACallbackOnAPrivateAddress() {
        service.route(
                "/.well-known/lnurlp/alice",
                request -> Reply.json(payRequest("http://192.168.1.1/cb?user=alice", 1_000, 1_000_000)));

        try (LnurlPayResolver guarded = resolverTrustingOnlyLoopback()) {
            assertThat(refused(guarded.requestInvoice("alice@" + service.authority(), AMOUNT))
                            .reason())
                    .isEqualTo(Reason.FORBIDDEN_DESTINATION);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "alice@127.0.0.1",
                "https://127.0.0.1/.well-known/lnurlp/alice",
                "alice@10.0.0.1",
                "https://169.254.169.254/latest/meta-data/",
                "alice@[::1]",
                "https://[::1]:8443/lnurlp/alice",
                "alice@192.168.1.1",
                "https://[::ffff:192.168.1.1]/x",
                "alice@100.64.0.1",
                "alice@localhost",
                "https://LOCALHOST/lnurlp/alice",
                "https://2130706433/lnurlp/alice",
                "http://93.184.215.14/lnurlp/alice",
                "alice@hidden.onion",
                "lnurlp://abcdefghijklmnop.onion/pay"
            })
    void refusesForbiddenDestinationsWithDefaultSettings(String address) {
        try (LnurlPayResolver production = new LnurlPayResolver(LnurlPayConfig.defaults())) {
            InvoiceResult result = production.requestInvoice(address, AMOUNT);

            assertThat(result)
                    .isEqualTo(refused(result))
                    .extracting(r -> ((Refused) r).reason())
                    .isEqualTo(Reason.FORBIDDEN_DESTINATION);
        }
    }

    @Test
    void doesNotRevealWhatAHostNameResolvesTo() {
        try (LnurlPayResolver production = new LnurlPayResolver(LnurlPayConfig.defaults())) {
            assertThat(refused(production.requestInvoice("alice@localhost", AMOUNT))
                            .message())
                    .contains("localhost")
                    .doesNotContain("127.0.0.1");
        }
    }

    @Test
    void explainsThatOnionServicesNeedAProxy() {
        try (LnurlPayResolver production = new LnurlPayResolver(LnurlPayConfig.defaults())) {
            assertThat(refused(production.requestInvoice("alice@hidden.onion", AMOUNT))
                            .message())
                    .contains("Tor proxy");
        }
    }

    @Test
    void refusedCarriesARangeOnlyForAmountOutOfRange() {
        assertThatThrownBy(() -> new Refused(Reason.AMOUNT_OUT_OF_RANGE, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Refused(
                        Reason.SERVICE_ERROR, "x", Optional.of(new SendableRange(Msats.of(1), Msats.of(2)))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
