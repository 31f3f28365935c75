package org.parledger.app.security;

import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Remembers, for a few minutes, that a password matched its hash. HTTP Basic sends the password with every
 * request, and a bcrypt check costs tens of milliseconds of CPU by design (docs/security.md has the
 * measurement): without this, a person's every request would pay it. Only successful checks are kept, keyed
 * by a salted SHA-256 of hash and password (the salt is random per process, the password is never kept), and
 * a wrong password is always checked in full.
 */
final class VerifiedPasswords implements PasswordEncoder {
    private final PasswordEncoder delegate;
    private final Cache<String, Boolean> verified;
    private final byte[] salt = new byte[32];

    VerifiedPasswords(PasswordEncoder delegate, Duration keep, long size) {
        this.delegate = delegate;
        this.verified = Caffeine.newBuilder().expireAfterWrite(keep).maximumSize(size).build();
        new SecureRandom().nextBytes(salt);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) return false;
        // Concurrent checks of one credential (a client opening 32 connections at once) compute it once, the others
        // wait for that answer; a mismatch is not kept (null), so a wrong password is checked in full every time.
        return verified.get(key(rawPassword, encodedPassword), k -> delegate.matches(rawPassword, encodedPassword) ? Boolean.TRUE : null) != null;
    }

    /** Whether the password is known to match the hash just now, without checking it: a check that would cost nothing. */
    boolean known(CharSequence rawPassword, String encodedPassword) {
        return rawPassword != null && encodedPassword != null && verified.getIfPresent(key(rawPassword, encodedPassword)) != null;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return false;
    }

    private String key(CharSequence raw, String encoded) {
        return saltedDigest(salt, encoded, raw);
    }

    /**
     * SHA-256 of a salt and two texts (hex), the way a secret is named in memory here without being kept: the salt is
     * random per process, so the name says nothing outside it.
     */
    static String saltedDigest(byte[] salt, String first, CharSequence second) {
        MessageDigest sha = DigestUtils.getSha256Digest();
        sha.update(salt);
        sha.update(first.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(second.toString().getBytes(StandardCharsets.UTF_8));
        return Hex.encodeHexString(sha.digest());
    }
}
