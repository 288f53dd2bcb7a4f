package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.ForeignMintGuardPort;
import io.routstr.gateway.domain.mint.MintUrl;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ForeignMintGuardPort} without DNS. By default it stands for a node that allows private destinations: every
 * mint may be called except onion services and the ones a test {@link #forbid}s. {@link #publicOnly()} also refuses
 * plain http, {@code localhost} and address literals that are not public (loopback, private, link-local, unique-local,
 * carrier-grade NAT); a host name it takes for public, as it resolves none.
 */
public final class FakeForeignMintGuard implements ForeignMintGuardPort {

    private final Set<MintUrl> forbidden = ConcurrentHashMap.newKeySet();
    private final boolean allowPrivate;

    /** A guard of a node whose operator allows private destinations. */
    public FakeForeignMintGuard() {
        this(true);
    }

    private FakeForeignMintGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** A guard of a node whose operator does not allow private destinations (the default of a real node). */
    public static FakeForeignMintGuard publicOnly() {
        return new FakeForeignMintGuard(false);
    }

    public void forbid(MintUrl mint) {
        forbidden.add(mint);
    }

    @Override
    public Optional<String> refusal(MintUrl mint) {
        if (forbidden.contains(mint)) {
            return Optional.of("forbidden by the test");
        }
        URI uri = URI.create(mint.value());
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.endsWith(".onion")) {
            return Optional.of("onion services need a Tor proxy");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        if (uri.getScheme().equalsIgnoreCase("http")) {
            return Optional.of("plain http is not allowed");
        }
        if (host.equals("localhost") || host.endsWith(".localhost") || isNonPublicLiteral(host)) {
            return Optional.of("host " + host + " is a private or reserved address");
        }
        return Optional.empty();
    }

    private static boolean isNonPublicLiteral(String host) {
        boolean literal = host.startsWith("[") || host.matches("[0-9.]+");
        if (!literal) {
            return false;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return true;
        }
        byte[] bytes = address.getAddress();
        boolean carrierNat = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
        boolean uniqueLocal = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
        return address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()
                || carrierNat
                || uniqueLocal;
    }
}
