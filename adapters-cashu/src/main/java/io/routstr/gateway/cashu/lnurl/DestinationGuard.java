package io.routstr.gateway.cashu.lnurl;

import io.routstr.gateway.application.port.out.LightningAddressPort.Reason;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Decides, just before each request, whether a URL may be fetched: the scheme must be https (or http when allowed),
 * the host must not be a Tor service, and every address the host resolves to must pass the address rule.
 */
final class DestinationGuard {

    /** How a host name becomes addresses; the JDK resolver in production. */
    @FunctionalInterface
    interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowHttp;
    private final Predicate<InetAddress> addressAllowed;
    private final HostResolver resolver;

    DestinationGuard(boolean allowHttp, Predicate<InetAddress> addressAllowed, HostResolver resolver) {
        this.allowHttp = allowHttp;
        this.addressAllowed = Objects.requireNonNull(addressAllowed, "addressAllowed");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    static DestinationGuard from(LnurlPayConfig config) {
        Predicate<InetAddress> rule = config.allowPrivateDestinations() ? address -> true : PublicAddresses::isPublic;
        return new DestinationGuard(config.allowHttp(), rule, InetAddress::getAllByName);
    }

    Attempt<URI> check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Attempt.refuse(Reason.INVALID_ADDRESS, "an LNURL must be an http(s) URL");
        }
        if (scheme.equals("http") && !allowHttp) {
            // LUD-01: clearnet LNURLs are https; plain http is only for onion services.
            return Attempt.refuse(Reason.FORBIDDEN_DESTINATION, "plain http is not allowed; LNURL requires https");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return Attempt.refuse(Reason.INVALID_ADDRESS, "the URL has no valid host");
        }
        if (uri.getRawUserInfo() != null) {
            return Attempt.refuse(Reason.INVALID_ADDRESS, "the URL must not carry credentials");
        }
        String bareHost = stripTrailingDot(host.toLowerCase(Locale.ROOT));
        if (bareHost.equals("onion") || bareHost.endsWith(".onion")) {
            return Attempt.refuse(
                    Reason.FORBIDDEN_DESTINATION, "onion services need a Tor proxy, and this node has none configured");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Attempt.refuse(Reason.UNREACHABLE, "cannot resolve host " + bareHost);
        }
        for (InetAddress address : addresses) {
            // One bad record is enough: the HTTP client may pick any of them.
            if (!addressAllowed.test(address)) {
                return Attempt.refuse(
                        Reason.FORBIDDEN_DESTINATION,
                        "host " + bareHost + " resolves to a private or reserved address, which is not allowed");
            }
        }
        return Attempt.ok(uri);
    }

    private static String stripTrailingDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
