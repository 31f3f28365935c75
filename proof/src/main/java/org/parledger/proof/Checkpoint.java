package org.parledger.proof;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;

/**
 * A signed statement of the ledger's history: the Merkle root over the hashes of its first {@code treeSize} events
 * in ledger order, up to and including {@code position}, signed with the installation's key. Inspectors keep the
 * document outside the system: whatever happens to the database later, the ledger either still has this root or
 * the verification shows it does not.
 *
 * @param number           1 for the first checkpoint, then consecutive
 * @param position         the ledger position (global index) of the last event covered
 * @param treeSize         how many events are covered
 * @param rootHash         the Merkle root (hex)
 * @param previousTreeSize the size covered by the checkpoint before (0 for the first)
 * @param previousRootHash its root (hex; the empty tree's for the first)
 * @param signedAt         when it was signed (ISO-8601)
 * @param publicKey        the signing key (Base64, X.509)
 * @param signature        Ed25519 over {@link #signedText()} (Base64)
 */
public record Checkpoint(long number, long position, long treeSize, String rootHash, long previousTreeSize,
                         String previousRootHash, String signedAt, String publicKey, String signature) {
    public static final String LEDGER = "par-ledger";

    /** The exact text that is signed: one field per line, under a versioned label. */
    public String signedText() {
        return String.join("\n", "par-ledger/checkpoint/v1", Long.toString(number), Long.toString(position),
                Long.toString(treeSize), rootHash, Long.toString(previousTreeSize), previousRootHash, signedAt) + "\n";
    }

    public static Checkpoint signed(long number, long position, long treeSize, byte[] root, long previousTreeSize,
                                    byte[] previousRoot, String signedAt, java.security.KeyPair key) {
        Checkpoint unsigned = new Checkpoint(number, position, treeSize, Hashes.hex(root), previousTreeSize,
                Hashes.hex(previousRoot), signedAt, Ed25519.encode(key.getPublic()), null);
        byte[] signature = Ed25519.sign(key.getPrivate(), unsigned.signedText().getBytes(StandardCharsets.UTF_8));
        return new Checkpoint(number, position, treeSize, unsigned.rootHash(), previousTreeSize, unsigned.previousRootHash(),
                signedAt, unsigned.publicKey(), Base64.getEncoder().encodeToString(signature));
    }

    /** Whether the signature is the given key's over this content. */
    public boolean signatureHolds(PublicKey key) {
        if (signature == null) return false;
        try {
            return Ed25519.verify(key, signedText().getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the signature is that of the key the document names. */
    public boolean signatureHolds() {
        return signatureHolds(Ed25519.publicKey(publicKey));
    }
}
