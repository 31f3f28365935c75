package org.parledger.app.integrity;

import org.parledger.proof.Ed25519;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;

/** The installation's signing key: checkpoints and snapshots are signed with it, inspectors check with its public half. */
public final class LedgerKey {
    private static final Logger log = LoggerFactory.getLogger(LedgerKey.class);
    private final KeyPair pair;

    private LedgerKey(KeyPair pair) {
        this.pair = pair;
    }

    public static LedgerKey of(String pem) {
        PrivateKey key = Ed25519.privateKey(pem);
        return new LedgerKey(new KeyPair(publicOf(key), key));
    }

    /**
     * Reads the key from the file; makes it (owner-only) when {@code create} and there is none. The key is written whole
     * to a file beside it, forced to disk, then linked under its name (which fails if another process made one first:
     * that one is read), so the name never shows half a key and a key that signed something survives a power cut. An
     * empty file is what a start killed while making the key left before this: it signed nothing and is replaced.
     */
    public static LedgerKey fromFile(Path file, boolean create) {
        try {
            if (create && (!Files.exists(file) || Files.size(file) == 0)) {
                KeyPair pair = Ed25519.generate();
                if (make(file, Ed25519.pem(pair.getPrivate()))) {
                    log.warn("Made the ledger's signing key in {} (owner-only). Keep a copy: checkpoints signed with it "
                            + "are checked against its public key {}", file.toAbsolutePath().normalize(), Ed25519.encode(pair.getPublic()));
                    return new LedgerKey(pair);
                }
                // made meanwhile by another process: read it
            }
            String pem = Files.readString(file, StandardCharsets.UTF_8);
            try {
                return of(pem);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the ledger's signing key file " + file + " holds no Ed25519 private key (PEM, PKCS#8)", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger's signing key from " + file, e);
        }
    }

    /** Whether this call made the file (false: a whole one was there, made by another process). */
    private static boolean make(Path file, String pem) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path written = Files.createTempFile(dir, file.getFileName() + ".", ".new",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(pem.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            if (Files.exists(file) && Files.size(file) == 0) Files.deleteIfExists(file);
            try {
                Files.createLink(file, written);
            } catch (FileAlreadyExistsException e) {
                if (Files.size(file) > 0) return false;
                throw e;
            }
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
            return true;
        } finally {
            Files.deleteIfExists(written);
        }
    }

    public KeyPair pair() {
        return pair;
    }

    public PublicKey publicKey() {
        return pair.getPublic();
    }

    public String encodedPublicKey() {
        return Ed25519.encode(pair.getPublic());
    }

    public String keyId() {
        return Ed25519.keyId(pair.getPublic());
    }

    /** The public half of an Ed25519 private key, which the JDK does not expose: generated again from the key's seed. */
    private static PublicKey publicOf(PrivateKey key) {
        try {
            EdECPrivateKey ed = (EdECPrivateKey) key;
            byte[] seed = ed.getBytes().orElseThrow();
            // The JDK derives the public key when generating from a seed through its KeyPairGenerator's SecureRandom.
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(new java.security.spec.NamedParameterSpec("Ed25519"), new FixedSeed(seed));
            KeyPair derived = generator.generateKeyPair();
            if (!java.util.Arrays.equals(((EdECPrivateKey) derived.getPrivate()).getBytes().orElseThrow(), seed)) {
                throw new IllegalStateException("the public key could not be derived");
            }
            return derived.getPublic();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the signing key's public key", e);
        }
    }

    /** Hands out the key's seed as the "random" bytes of key generation. */
    private static final class FixedSeed extends java.security.SecureRandom {
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
