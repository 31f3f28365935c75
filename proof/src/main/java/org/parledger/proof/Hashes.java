package org.parledger.proof;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and the unambiguous encoding of fields that every hash of the ledger is made of. */
public final class Hashes {
    public static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    private Hashes() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** A field as its length (4 bytes, big-endian) and its bytes, so that no two sequences of fields encode alike. */
    public static void field(MessageDigest digest, byte[] bytes) {
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    public static void field(MessageDigest digest, String text) {
        field(digest, (text == null ? "" : text).getBytes(StandardCharsets.UTF_8));
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public static byte[] fromHex(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        if (bytes.length != LENGTH) throw new IllegalArgumentException("not a SHA-256 hash: " + hex);
        return bytes;
    }
}
