package org.parledger.proof;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tree, its proofs and their checks, against the RFC's recursive definition on every size up to 70. */
class MerkleTreeTest {
    private static List<byte[]> entries(int n) {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) entries.add(Hashes.sha256().digest(("event " + i).getBytes(StandardCharsets.UTF_8)));
        return entries;
    }

    /** MTH as RFC 9162 §2.1.1 writes it. */
    private static byte[] mth(List<byte[]> d) {
        if (d.isEmpty()) return MerkleTree.emptyRoot();
        if (d.size() == 1) return MerkleTree.leafHash(d.get(0));
        int k = Integer.highestOneBit(d.size() - 1);
        return MerkleTree.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    @Test
    void theFrontierGivesTheRootOfTheRfcForEverySizeAndResumesFromWhereItWasKept() {
        List<byte[]> all = entries(70);
        MerkleTree.Frontier frontier = new MerkleTree.Frontier();
        assertThat(frontier.root()).isEqualTo(mth(List.of()));
        for (int n = 1; n <= all.size(); n++) {
            frontier.append(all.get(n - 1));
            assertThat(frontier.root()).as("size %d", n).isEqualTo(mth(all.subList(0, n)));
            assertThat(MerkleTree.root(MerkleTree.of(all), 0, n)).isEqualTo(mth(all.subList(0, n)));
            MerkleTree.Frontier resumed = MerkleTree.Frontier.restore(frontier.size(), frontier.nodes());
            for (int i = n; i < all.size(); i++) resumed.append(all.get(i));
            assertThat(resumed.root()).isEqualTo(mth(all));
        }
    }

    @Test
    void everyEntryHasAnInclusionProofThatHoldsOnlyForItsPlaceAndRoot() {
        for (int n = 1; n <= 33; n++) {
            List<byte[]> all = entries(n);
            byte[] root = mth(all);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = MerkleTree.inclusionProof(MerkleTree.of(all), m);
                assertThat(new MerkleTree.Prover(MerkleTree.of(all)).inclusionProof(m)).containsExactlyElementsOf(path);
                assertThat(MerkleTree.verifyInclusion(all.get(m), m, n, path, root)).as("%d of %d", m, n).isTrue();
                if (n > 1) {
                    assertThat(MerkleTree.verifyInclusion(all.get(m), (m + 1) % n, n, path, root)).isFalse();
                    assertThat(MerkleTree.verifyInclusion(all.get((m + 1) % n), m, n, path, root)).isFalse();
                }
                assertThat(MerkleTree.verifyInclusion(all.get(m), m, n, path, mth(entries(n + 1)))).isFalse();
            }
        }
    }

    @Test
    void aLaterTreeProvesItExtendsAnEarlierOneAndNoOtherHistory() {
        for (int n = 1; n <= 33; n++) {
            List<byte[]> all = entries(n);
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = MerkleTree.consistencyProof(MerkleTree.of(all), m);
                byte[] earlier = mth(all.subList(0, m));
                assertThat(MerkleTree.verifyConsistency(m, n, earlier, mth(all), proof)).as("%d to %d", m, n).isTrue();
                if (m < n) {
                    List<byte[]> rewritten = new ArrayList<>(all);
                    rewritten.set(m - 1, Hashes.sha256().digest("rewritten".getBytes(StandardCharsets.UTF_8)));
                    assertThat(MerkleTree.verifyConsistency(m, n, earlier, mth(rewritten),
                            MerkleTree.consistencyProof(MerkleTree.of(rewritten), m))).as("rewritten %d to %d", m, n).isFalse();
                    List<byte[]> tampered = new ArrayList<>(proof);
                    byte[] first = Arrays.copyOf(tampered.get(0), 32);
                    first[0] ^= 1;
                    tampered.set(0, first);
                    assertThat(MerkleTree.verifyConsistency(m, n, earlier, mth(all), tampered)).isFalse();
                }
            }
        }
    }
}
