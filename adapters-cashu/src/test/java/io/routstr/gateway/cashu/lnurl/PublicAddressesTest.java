package io.routstr.gateway.cashu.lnurl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a payee-supplied URL may lead the node to (literals only: no DNS involved). */
class PublicAddressesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0",
                "127.0.0.1",
                "127.255.0.1",
                "10.0.0.1",
                "100.64.0.1",
                "100.127.255.255",
                "169.254.169.254",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "192.0.2.10",
                "198.18.0.1",
                "224.0.0.1",
                "255.255.255.255",
                "::",
                "::1",
                "::127.0.0.1",
                "::ffff:10.0.0.1",
                "::ffff:169.254.169.254",
                "64:ff9b::a00:1",
                "64:ff9b::7f00:1",
                "2002:a00:1::1",
                "2001:db8::1",
                "fc00::1",
                "fd12:3456::1",
                "fe80::1",
                "fec0::1",
                "ff02::1"
            })
    void refusesNonPublicAddresses(String literal) throws UnknownHostException {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(literal))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.1.1.1",
                "8.8.8.8",
                "11.0.0.1",
                "100.63.255.255",
                "100.128.0.1",
                "172.15.255.255",
                "172.32.0.1",
                "192.169.0.1",
                "2606:4700:4700::1111",
                "2a00:1450:4001::200e",
                "64:ff9b::808:808",
                "2002:808:808::1"
            })
    void acceptsPublicAddresses(String literal) throws UnknownHostException {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(literal))).isTrue();
    }

    @Test
    void refusesAnIpv4MappedAddressKeptInIpv6Form() throws UnknownHostException {
        // getByName turns ::ffff:a.b.c.d into an Inet4Address; built this way it stays an Inet6Address.
        byte[] mappedLoopback = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        InetAddress address = Inet6Address.getByAddress(null, mappedLoopback, -1);

        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(PublicAddresses.isPublic(address)).isFalse();
    }
}
