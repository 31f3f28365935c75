package org.parledger.app.security;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What the per-address limits count a client under: its IPv4 address, or the /64 network of its IPv6 address. An IPv6
 * site or machine is given at least a /64 (RFC 6177; cloud hosts hand one to each machine), so a client can send every
 * request from an address of its own within it: counted address by address, one IPv6 client passed each per-address
 * bound (wrong passwords, requests in progress, WebSocket connections and subscriptions, anonymous expensive reads) as
 * often as it liked. A /64 is counted as one IPv4 address is, and as one, an office's network behind either shares its
 * allowance. An IPv4 address written as IPv6 ({@code ::ffff:203.0.113.7}, as a dual-stack proxy may forward it) is that
 * IPv4 address. What is recorded with a change (the audit trail's clientAddress) stays the whole address.
 */
public final class CountedAddress {
    private CountedAddress() {
    }

    /** The key for an address as Tomcat gives it (after a trusted proxy's X-Forwarded-For); null stays null. */
    public static String of(String address) {
        if (address == null || address.indexOf(':') < 0) return address;
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) literal = literal.substring(0, zone);
        // Only an IPv6 literal is parsed: anything else (a name a proxy forwarded) stays as it is, never looked up.
        if (literal.isEmpty() || !literal.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) return address;
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(literal);
        } catch (UnknownHostException notAnAddress) {
            return address;
        }
        if (parsed instanceof Inet4Address) return parsed.getHostAddress();
        byte[] bytes = parsed.getAddress();
        StringBuilder network = new StringBuilder();
        for (int group = 0; group < 4; group++) {
            network.append(Integer.toHexString(((bytes[2 * group] & 0xff) << 8) | (bytes[2 * group + 1] & 0xff))).append(':');
        }
        return network.append(":/64").toString();
    }
}
