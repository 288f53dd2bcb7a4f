package io.routstr.gateway.cashu.lnurl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Tells globally routable unicast addresses from everything a server-side request must not reach: loopback, private,
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unique-local, multicast, reserved and
 * documentation ranges, including IPv4 addresses smuggled inside IPv6 (mapped, compatible, NAT64, 6to4).
 */
final class PublicAddresses {

    /** IANA special-purpose registries (RFC 6890 and successors), the blocks that are not publicly routable. */
    private static final List<Block> NON_PUBLIC = List.of(
            Block.of("0.0.0.0/8"),
            Block.of("10.0.0.0/8"),
            Block.of("100.64.0.0/10"),
            Block.of("127.0.0.0/8"),
            Block.of("169.254.0.0/16"),
            Block.of("172.16.0.0/12"),
            Block.of("192.0.0.0/24"),
            Block.of("192.0.2.0/24"),
            Block.of("192.88.99.0/24"),
            Block.of("192.168.0.0/16"),
            Block.of("198.18.0.0/15"),
            Block.of("198.51.100.0/24"),
            Block.of("203.0.113.0/24"),
            Block.of("224.0.0.0/4"),
            Block.of("240.0.0.0/4"),
            Block.of("64:ff9b:1::/48"),
            Block.of("100::/64"),
            Block.of("2001::/23"),
            Block.of("2001:db8::/32"),
            Block.of("fc00::/7"),
            Block.of("fe80::/10"),
            Block.of("fec0::/10"),
            Block.of("ff00::/8"));

    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};
    private static final byte[] IPV4_COMPATIBLE_PREFIX = new byte[12];
    private static final byte[] NAT64_PREFIX = {0x00, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] SIX_TO_FOUR_PREFIX = {0x20, 0x02};

    private PublicAddresses() {}

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        return isPublic(address.getAddress());
    }

    private static boolean isPublic(byte[] bytes) {
        if (bytes.length == 16) {
            if (startsWith(bytes, IPV4_MAPPED_PREFIX) || startsWith(bytes, NAT64_PREFIX)) {
                return isPublic(Arrays.copyOfRange(bytes, 12, 16));
            }
            // ::/96 holds ::, ::1 and the deprecated IPv4-compatible form; none is a real destination.
            if (startsWith(bytes, IPV4_COMPATIBLE_PREFIX)) {
                return false;
            }
            // 6to4 (RFC 3056) embeds the IPv4 address of the tunnel end in bits 16..47.
            if (startsWith(bytes, SIX_TO_FOUR_PREFIX) && !isPublic(Arrays.copyOfRange(bytes, 2, 6))) {
                return false;
            }
        }
        return NON_PUBLIC.stream().noneMatch(block -> block.contains(bytes));
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** A CIDR block; IPv4 blocks match 4-byte addresses only, IPv6 blocks 16-byte ones. */
    private record Block(byte[] network, int prefixBits) {

        static Block of(String cidr) {
            int slash = cidr.indexOf('/');
            try {
                // Literal addresses only: getByName parses them without a DNS lookup.
                byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                return new Block(network, Integer.parseInt(cidr.substring(slash + 1)));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("bad CIDR literal " + cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefixBits / 8;
            if (!Arrays.equals(address, 0, whole, network, 0, whole)) {
                return false;
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
