package org.parledger.app.config;

import org.axonframework.common.IdentifierFactory;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * The identifiers of Axon's messages (every command, event, query and result has one): random UUIDs, as Axon's
 * default makes them, but each thread drawing from a generator of its own. Axon's default calls UUID.randomUUID(), whose
 * one generator for the whole JVM (NativePRNG) reads under a lock: with 32 writers on 2 cores, a thread holding it was
 * descheduled and the others queued behind it, 118 waits of 20-50 ms (6.2 s in all) in a minute's load, each in a
 * write's answer (docs/measurements.md, thirty-first session). Chosen by Axon through java.util.ServiceLoader
 * (META-INF/services), its documented way.
 */
public final class MessageIdentifiers extends IdentifierFactory {
    /** DRBG (NIST SP 800-90A), seeded from the system's entropy once per thread: no lock shared between threads. */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK's DRBG is missing", e);
        }
    });

    @Override
    public String generateIdentifier() {
        return next().toString();
    }

    /** A version 4 (random) UUID, as UUID.randomUUID() makes it. */
    static UUID next() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}
