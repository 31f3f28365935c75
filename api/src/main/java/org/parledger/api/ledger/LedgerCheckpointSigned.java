package org.parledger.api.ledger;

import org.parledger.api.common.Actor;

import java.util.List;

/**
 * The ledger's history up to a position was sealed: the Merkle root over its first {@code treeSize} event hashes,
 * signed with the installation's key. {@code frontier} holds the roots of the tree's perfect subtrees (hex, largest
 * first), from which the next checkpoint continues without rereading the ledger. The fields are those of the
 * signed document (see the proof module's Checkpoint).
 */
public record LedgerCheckpointSigned(long number, long position, long treeSize, String rootHash, long previousTreeSize,
                                     String previousRootHash, List<String> frontier, String signedAt, String publicKey,
                                     String signature, Actor actor) {
    public LedgerCheckpointSigned {
        frontier = frontier == null ? List.of() : List.copyOf(frontier);
    }
}
