package org.parledger.proof;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Merkle trees over the ledger's event hashes in ledger order, hashed as RFC 9162 (Certificate Transparency 2.0,
 * after RFC 6962) prescribes: a leaf is SHA-256(0x00 || entry), an inner node SHA-256(0x01 || left || right), and a
 * tree of n leaves splits at the largest power of two below n. Inclusion and consistency proofs, and their checks,
 * follow the RFC's algorithms (§2.1.3 and §2.1.4).
 */
public final class MerkleTree {
    private MerkleTree() {
    }

    /** Reads the entries of a range, for proofs over a ledger too large to hold in memory. */
    public interface Entries {
        long size();

        /** The entries [from, to) in order. */
        Iterable<byte[]> range(long from, long to);
    }

    public static Entries of(List<byte[]> entries) {
        return new Entries() {
            @Override
            public long size() {
                return entries.size();
            }

            @Override
            public Iterable<byte[]> range(long from, long to) {
                return entries.subList((int) from, (int) to);
            }
        };
    }

    public static byte[] leafHash(byte[] entry) {
        MessageDigest digest = Hashes.sha256();
        digest.update((byte) 0);
        digest.update(entry);
        return digest.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = Hashes.sha256();
        digest.update((byte) 1);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** The hash of the empty tree: SHA-256 of nothing. */
    public static byte[] emptyRoot() {
        return Hashes.sha256().digest();
    }

    /** MTH(D[from:to]), streaming the range once with a frontier of at most log2(n) hashes. */
    public static byte[] root(Entries entries, long from, long to) {
        Frontier frontier = new Frontier();
        for (byte[] entry : entries.range(from, to)) frontier.append(entry);
        if (frontier.size() != to - from) throw new IllegalStateException("the range [" + from + ", " + to + ") is incomplete");
        return frontier.root();
    }

    /**
     * Inclusion proofs of several entries of one tree, sharing the subtree roots they have in common: the large
     * subtrees near the root are read once for all of them.
     */
    public static final class Prover {
        private final Entries entries;
        private final java.util.Map<Long, java.util.Map<Long, byte[]>> roots = new java.util.HashMap<>();

        public Prover(Entries entries) {
            this.entries = entries;
        }

        public List<byte[]> inclusionProof(long index) {
            long size = entries.size();
            if (index < 0 || index >= size) throw new IllegalArgumentException("no entry " + index + " in a tree of " + size);
            List<byte[]> path = new ArrayList<>();
            long from = 0;
            long to = size;
            long m = index;
            List<byte[]> reversed = new ArrayList<>();
            while (to - from > 1) {
                long k = largestPowerOfTwoBelow(to - from);
                if (m < k) {
                    reversed.add(root(from + k, to));
                    to = from + k;
                } else {
                    reversed.add(root(from, from + k));
                    from = from + k;
                    m -= k;
                }
            }
            for (int i = reversed.size() - 1; i >= 0; i--) path.add(reversed.get(i));
            return path;
        }

        private byte[] root(long from, long to) {
            return roots.computeIfAbsent(from, f -> new java.util.HashMap<>()).computeIfAbsent(to,
                    t -> MerkleTree.root(entries, from, to));
        }
    }

    /** PATH(m, D[n]): the audit path of entry m in the tree of all the entries. */
    public static List<byte[]> inclusionProof(Entries entries, long index) {
        long size = entries.size();
        if (index < 0 || index >= size) throw new IllegalArgumentException("no entry " + index + " in a tree of " + size);
        List<byte[]> path = new ArrayList<>();
        path(entries, index, 0, size, path);
        return path;
    }

    private static void path(Entries entries, long m, long from, long to, List<byte[]> path) {
        long n = to - from;
        if (n == 1) return;
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(entries, m, from, from + k, path);
            path.add(root(entries, from + k, to));
        } else {
            path(entries, m - k, from + k, to, path);
            path.add(root(entries, from, from + k));
        }
    }

    /** RFC 9162 §2.1.3.2: whether the audit path proves that entry {@code index} is in the tree of {@code size} with {@code root}. */
    public static boolean verifyInclusion(byte[] entry, long index, long size, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) return false;
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash(entry);
        for (byte[] p : path) {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** PROOF(m, D[n]): that the tree of the first m entries is a prefix of the tree of all n. */
    public static List<byte[]> consistencyProof(Entries entries, long m) {
        long n = entries.size();
        if (m <= 0 || m > n) throw new IllegalArgumentException("no consistency between sizes " + m + " and " + n);
        List<byte[]> proof = new ArrayList<>();
        if (m < n) subproof(entries, m, 0, n, true, proof);
        return proof;
    }

    private static void subproof(Entries entries, long m, long from, long to, boolean complete, List<byte[]> proof) {
        long n = to - from;
        if (m == n) {
            if (!complete) proof.add(root(entries, from, to));
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(entries, m, from, from + k, complete, proof);
            proof.add(root(entries, from + k, to));
        } else {
            subproof(entries, m - k, from + k, to, false, proof);
            proof.add(root(entries, from, from + k));
        }
    }

    /** RFC 9162 §2.1.4.2: whether the proof shows that the tree (size1, root1) is a prefix of (size2, root2). */
    public static boolean verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        if (size1 <= 0 || size1 > size2) return false;
        if (size1 == size2) return proof.isEmpty() && Arrays.equals(root1, root2);
        if (proof.isEmpty()) return false;
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(size1) == 1) path.add(0, root1);
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, root1) && Arrays.equals(sr, root2);
    }

    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    /**
     * The right edge of a growing tree: the roots of its perfect subtrees, largest first (at most 64). Entries are
     * appended one by one; the root of all so far is folded from them. A checkpoint keeps its frontier, so the next
     * one extends it with the events since, instead of rereading the ledger.
     */
    public static final class Frontier {
        private final List<byte[]> nodes = new ArrayList<>();
        private long size;

        public Frontier() {
        }

        public static Frontier restore(long size, List<byte[]> nodes) {
            if (Long.bitCount(size) != nodes.size()) {
                throw new IllegalArgumentException("a frontier of " + size + " entries has " + Long.bitCount(size) + " nodes, not " + nodes.size());
            }
            Frontier frontier = new Frontier();
            frontier.size = size;
            frontier.nodes.addAll(nodes);
            return frontier;
        }

        public void append(byte[] entry) {
            byte[] node = leafHash(entry);
            long s = size;
            while ((s & 1) == 1) {
                node = nodeHash(nodes.remove(nodes.size() - 1), node);
                s >>= 1;
            }
            nodes.add(node);
            size++;
        }

        public long size() {
            return size;
        }

        public List<byte[]> nodes() {
            return List.copyOf(nodes);
        }

        public byte[] root() {
            if (nodes.isEmpty()) return emptyRoot();
            byte[] root = nodes.get(nodes.size() - 1);
            for (int i = nodes.size() - 2; i >= 0; i--) root = nodeHash(nodes.get(i), root);
            return root;
        }

        public Frontier copy() {
            return restore(size, nodes);
        }
    }
}
