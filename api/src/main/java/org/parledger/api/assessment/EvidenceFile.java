package org.parledger.api.assessment;

/**
 * A file of evidence (a scanned decision, a report) kept by the ledger under the SHA-256 of its bytes (64 lower-case hex
 * digits): the event that cites it records the hash, so the file can never change unseen. A command names the hash and
 * optionally a name; the recorded event has the name, the media type and the size as the file was stored.
 */
public record EvidenceFile(String sha256, String name, String mediaType, Long size) {
    /** At most this many files back one self-score. */
    public static final int MAX_PER_SCORE = 20;
    public static final int MAX_NAME_LENGTH = 255;

    /** A file as a command names it: its hash and, optionally, the name to show. */
    public static EvidenceFile cited(String sha256, String name) {
        return new EvidenceFile(sha256, name, null, null);
    }

    public static boolean isSha256(String text) {
        return text != null && text.matches("[0-9a-f]{64}");
    }
}
