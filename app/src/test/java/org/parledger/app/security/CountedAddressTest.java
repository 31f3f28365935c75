package org.parledger.app.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-address limits count an IPv6 client by its /64, however its address is written; IPv4 as it is. */
class CountedAddressTest {

    @Test
    void anIpv6AddressIsCountedAsItsSlash64() {
        assertThat(CountedAddress.of("2001:db8:7:7:a:b:c:d")).isEqualTo("2001:db8:7:7::/64");
        assertThat(CountedAddress.of("2001:0DB8:0007:0007::1")).as("written otherwise").isEqualTo("2001:db8:7:7::/64");
        assertThat(CountedAddress.of("[2001:db8:7:7::ffff]")).as("in brackets").isEqualTo("2001:db8:7:7::/64");
        assertThat(CountedAddress.of("2001:db8:7:8::1")).as("the next network").isEqualTo("2001:db8:7:8::/64");
        assertThat(CountedAddress.of("fe80::1%eth0")).as("with a zone").isEqualTo("fe80:0:0:0::/64");
        assertThat(CountedAddress.of("::1")).isEqualTo("0:0:0:0::/64");
    }

    @Test
    void anIpv4AddressIsCountedAsItIsHoweverWritten() {
        assertThat(CountedAddress.of("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(CountedAddress.of("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void whatIsNoAddressStaysAsItIsAndIsNeverLookedUp() {
        assertThat(CountedAddress.of(null)).isNull();
        assertThat(CountedAddress.of("unknown")).isEqualTo("unknown");
        assertThat(CountedAddress.of("proxy.example:8080")).isEqualTo("proxy.example:8080");
        assertThat(CountedAddress.of("1:2")).as("not a whole IPv6 address").isEqualTo("1:2");
        assertThat(CountedAddress.of(":::")).isEqualTo(":::");
        assertThat(CountedAddress.of("[]")).isEqualTo("[]");
    }
}
