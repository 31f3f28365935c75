package org.parledger.app.config;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebSocket and subscription limits count a client as the sign-in and request limits do (CountedAddressTest). */
class CountsPerKeyTest {

    @Test
    void aClientAddressIsCountedByItsIpv4AddressOrItsIpv6Network() {
        assertThat(CountsPerKey.address(new InetSocketAddress("2001:db8:66:1::1", 443)))
                .isEqualTo(CountsPerKey.address(new InetSocketAddress("2001:db8:66:1:ffff::2", 443)))
                .isEqualTo("2001:db8:66:1::/64");
        assertThat(CountsPerKey.address(new InetSocketAddress("203.0.113.7", 443))).isEqualTo("203.0.113.7");
        assertThat(CountsPerKey.address(null)).isEqualTo("unknown");
    }
}
