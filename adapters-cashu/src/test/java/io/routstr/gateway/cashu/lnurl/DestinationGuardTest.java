package io.routstr.gateway.cashu.lnurl;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.LightningAddressPort.Reason;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-request destination rules, with a scripted resolver standing in for DNS. */
class DestinationGuardTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static final Map<String, InetAddress[]> DNS = Map.of(
            "public.example", new InetAddress[] {ip("93.184.215.14"), ip("2606:2800:21f:cb07:6820:80da:af6b:8b2c")},
            "mixed.example", new InetAddress[] {ip("93.184.215.14"), ip("10.0.0.7")},
            "metadata.example", new InetAddress[] {ip("169.254.169.254")});

    private static InetAddress[] scriptedDns(String host) throws UnknownHostException {
        InetAddress[] addresses = DNS.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    }

    private final DestinationGuard production =
            new DestinationGuard(false, PublicAddresses::isPublic, DestinationGuardTest::scriptedDns);

    private Reason refusal(String url) {
        return switch (production.check(URI.create(url))) {
            case Attempt.Ok<URI>(var uri) -> throw new AssertionError("allowed " + uri);
            case Attempt.Failed<URI>(var refused) -> refused.reason();
        };
    }

    @Test
    void allowsAnHttpsHostWhoseAddressesAreAllPublic() {
        URI uri = URI.create("https://public.example/.well-known/lnurlp/alice");

        assertThat(production.check(uri)).isEqualTo(Attempt.ok(uri));
    }

    @Test
    void refusesAHostWithOnePrivateAddressAmongPublicOnes() {
        assertThat(refusal("https://mixed.example/lnurlp")).isEqualTo(Reason.FORBIDDEN_DESTINATION);
    }

    @Test
    void refusesAHostNamePointingAtCloudMetadata() {
        assertThat(refusal("https://metadata.example/latest")).isEqualTo(Reason.FORBIDDEN_DESTINATION);
    }

    @Test
    void refusesPlainHttpUnlessAllowed() {
        assertThat(refusal("http://public.example/lnurlp")).isEqualTo(Reason.FORBIDDEN_DESTINATION);
        DestinationGuard httpAllowed =
                new DestinationGuard(true, PublicAddresses::isPublic, DestinationGuardTest::scriptedDns);
        assertThat(httpAllowed.check(URI.create("http://public.example/lnurlp")))
                .isInstanceOf(Attempt.Ok.class);
    }

    @Test
    void refusesOnionHostsBeforeAnyLookup() {
        DestinationGuard noDns = new DestinationGuard(true, address -> true, host -> {
            throw new AssertionError("looked up " + host);
        });

        assertThat(noDns.check(URI.create("http://abcdef.onion./pay")))
                .isInstanceOfSatisfying(
                        Attempt.Failed.class,
                        failed -> assertThat(failed.refusal().reason()).isEqualTo(Reason.FORBIDDEN_DESTINATION));
    }

    @Test
    void reportsAnUnknownHostAsUnreachable() {
        assertThat(refusal("https://nowhere.example/lnurlp")).isEqualTo(Reason.UNREACHABLE);
    }

    @Test
    void refusesUrlsCarryingCredentials() {
        assertThat(refusal("https://user:pass@public.example/lnurlp")).isEqualTo(Reason.INVALID_ADDRESS);
    }
}
