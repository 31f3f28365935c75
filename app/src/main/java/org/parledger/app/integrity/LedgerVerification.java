package org.parledger.app.integrity;

import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.SimpleSerializedObject;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.proof.Checkpoint;
import org.parledger.proof.Ed25519;
import org.parledger.proof.Hashes;
import org.parledger.proof.MerkleTree;
import org.parledger.proof.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Recomputes everything from the stored bytes: every event's hash and its stream's chain, the Merkle root of every
 * checkpoint (and its signature, by the installation's key), the entries each checkpoint recorded, and every stored
 * snapshot's signature. Answers "intact up to position N", or the problems in ledger order, the first one located
 * by stream, sequence and event.
 */
public final class LedgerVerification {
    private static final int MAX_PROBLEMS = 100;

    private final LedgerRows rows;
    private final Checkpoints checkpoints;
    private final SnapshotSignatures snapshots;
    private final LedgerKey key;
    private final JdbcTemplate jdbc;

    public LedgerVerification(LedgerRows rows, Checkpoints checkpoints, SnapshotSignatures snapshots, LedgerKey key,
                              DataSource dataSource) {
        this.rows = rows;
        this.checkpoints = checkpoints;
        this.snapshots = snapshots;
        this.key = key;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * @param intact        nothing failed
     * @param intactUpTo    the position of the last event before the first problem (the head when intact)
     * @param checkpointsOk checkpoints whose root, position and signature hold
     */
    public record Report(boolean intact, long intactUpTo, long events, int checkpoints, int checkpointsOk,
                         List<Problem> problems) {
    }

    /** A problem, where it is: the event's position, stream, sequence and identifier when it is one event's. */
    public record Problem(Long position, String stream, Long sequence, String eventId, String problem) {
    }

    public Report verify() {
        List<Checkpoints.Signed> signed = checkpoints.all();
        List<Problem> problems = new ArrayList<>();
        long head = rows.head();
        Checkpoints.ChainCheck chain = new Checkpoints.ChainCheck(rows, false);
        MerkleTree.Frontier frontier = new MerkleTree.Frontier();
        RecordedLeaves recorded = new RecordedLeaves(jdbc);
        boolean[] misaligned = {false};
        List<Problem> checkpointProblems = new ArrayList<>();
        int[] nextCheckpoint = {0};
        int[] checkpointsOk = {0};
        long[] count = {0};
        long[] lastGood = {0};
        rows.forEach(0, head, event -> {
            int before = chain.failures().size();
            byte[] hash = chain.check(event);
            for (int i = before; i < chain.failures().size(); i++) problems.add(at(event, chain.failures().get(i)));
            long index = frontier.size();
            RecordedLeaves.Leaf leaf = recorded.at(index);
            // After the first difference the entries no longer line up: one report says where it began.
            if (!misaligned[0] && leaf != null && (!leaf.eventId().equals(event.eventId()) || !Arrays.equals(leaf.hash(), hash))) {
                misaligned[0] = true;
                problems.add(at(event, Checkpoints.ChainCheck.where(event) + ": entry " + index + " of the checkpoints was "
                        + (leaf.eventId().equals(event.eventId()) ? "this event with another hash" : "event " + leaf.eventId())
                        + " when it was signed"));
            }
            frontier.append(hash);
            count[0]++;
            while (nextCheckpoint[0] < signed.size() && signed.get(nextCheckpoint[0]).checkpoint().treeSize() == frontier.size()) {
                Checkpoint checkpoint = signed.get(nextCheckpoint[0]++).checkpoint();
                String problem = checkpointProblem(checkpoint, frontier.root(), event.position());
                if (problem == null) checkpointsOk[0]++;
                else checkpointProblems.add(new Problem(event.position(), null, null, null, problem));
            }
            if (problems.isEmpty() && checkpointProblems.isEmpty()) lastGood[0] = event.position();
        });
        for (int i = nextCheckpoint[0]; i < signed.size(); i++) {
            Checkpoint checkpoint = signed.get(i).checkpoint();
            checkpointProblems.add(new Problem(null, null, null, null, "checkpoint #" + checkpoint.number() + " covered "
                    + checkpoint.treeSize() + " events, the ledger now has " + frontier.size() + " in all: events are missing"));
        }
        verifySnapshots(problems);
        List<Problem> shown = new ArrayList<>(problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems);
        shown.addAll(checkpointProblems);
        boolean intact = problems.isEmpty() && checkpointProblems.isEmpty();
        return new Report(intact, intact ? head : lastGood[0], count[0], signed.size(), checkpointsOk[0], List.copyOf(shown));
    }

    /** The entries the signer recorded, read in chunks as the walk reaches them. */
    private static final class RecordedLeaves {
        private static final int CHUNK = 10_000;
        private final JdbcTemplate jdbc;
        private long chunkStart = -1;
        private List<Leaf> chunk = List.of();

        record Leaf(String eventId, byte[] hash) {
        }

        RecordedLeaves(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        Leaf at(long index) {
            long start = index - index % CHUNK;
            if (start != chunkStart) {
                chunk = jdbc.query("SELECT event_id, event_hash FROM ledger_leaf WHERE leaf_index >= ? AND leaf_index < ? "
                        + "ORDER BY leaf_index", (rs, n) -> new Leaf(rs.getString(1), rs.getBytes(2)), start, start + CHUNK);
                chunkStart = start;
            }
            int offset = (int) (index - start);
            return offset < chunk.size() ? chunk.get(offset) : null;
        }
    }

    private String checkpointProblem(Checkpoint checkpoint, byte[] root, long lastPosition) {
        if (!checkpoint.signatureHolds(key.publicKey())) {
            return "checkpoint #" + checkpoint.number() + ": not signed by this installation's key " + key.keyId();
        }
        if (!Arrays.equals(Hashes.fromHex(checkpoint.rootHash()), root)) {
            return "checkpoint #" + checkpoint.number() + ": the ledger's first " + checkpoint.treeSize()
                    + " events no longer have the root that was signed (history altered, removed or reordered)";
        }
        if (lastPosition != checkpoint.position()) {
            return "checkpoint #" + checkpoint.number() + ": covered events up to position " + checkpoint.position()
                    + ", the ledger's " + checkpoint.treeSize() + "th event is now at " + lastPosition;
        }
        return null;
    }

    private void verifySnapshots(List<Problem> problems) {
        jdbc.query("SELECT aggregateidentifier, sequencenumber, payloadtype, payloadrevision, payload, metadata FROM snapshotevententry",
                rs -> {
                    String aggregate = rs.getString(1);
                    long sequence = rs.getLong(2);
                    Map<String, Object> metadata = LedgerRows.metadata(rs.getBytes(6));
                    // An unsigned snapshot (one made before snapshots were signed) is never used: no harm, no problem.
                    if (!metadata.containsKey(SnapshotSignatures.SIGNATURE_KEY)) return;
                    String problem = snapshots.problem(aggregate, sequence, new SimpleSerializedObject<>(rs.getBytes(5),
                            byte[].class, new SimpleSerializedType(rs.getString(3), rs.getString(4))), metadata);
                    if (problem != null) {
                        problems.add(new Problem(null, aggregate, sequence, null, "the snapshot of " + aggregate + " at #"
                                + sequence + ": " + problem + "; it is not used"));
                    }
                });
    }

    private static Problem at(StoredEvent event, String problem) {
        return new Problem(event.position(), event.aggregateId(), event.sequence(), event.eventId(), problem);
    }

    /** Whether this ledger still holds exactly the history a kept checkpoint document covered. */
    public record DocumentCheck(boolean holds, String message) {
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /**
     * A kept checkpoint document, read: INVALID_ARGUMENT (field document) when it is not one, e.g. JSON {@code null}
     * or a key that is no Ed25519 public key (each answered INTERNAL_ERROR before).
     */
    public static Checkpoint document(String json) {
        Checkpoint kept;
        try {
            kept = JSON.readValue(json, Checkpoint.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "document", "not a checkpoint document: " + e.getOriginalMessage());
        }
        if (kept == null || kept.rootHash() == null || kept.publicKey() == null || kept.signature() == null) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "document", "a checkpoint document has a root, a key and a signature");
        }
        try {
            Ed25519.publicKey(kept.publicKey());
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "document", "the document's publicKey is not an Ed25519 public key");
        }
        return kept;
    }

    public DocumentCheck verify(Checkpoint kept) {
        if (!kept.signatureHolds()) return new DocumentCheck(false, "the document's signature does not hold: it was altered");
        if (!kept.publicKey().equals(key.encodedPublicKey())) {
            return new DocumentCheck(false, "the document is signed by key " + Ed25519.keyId(Ed25519.publicKey(kept.publicKey()))
                    + ", not by this installation's key " + key.keyId());
        }
        MerkleTree.Frontier frontier = new MerkleTree.Frontier();
        Checkpoints.ChainCheck chain = new Checkpoints.ChainCheck(rows, false);
        long[] last = {0};
        rows.forEach(0, kept.position(), event -> {
            if (frontier.size() < kept.treeSize()) {
                frontier.append(chain.check(event));
                last[0] = event.position();
            }
        });
        if (frontier.size() < kept.treeSize()) {
            return new DocumentCheck(false, "the ledger has only " + frontier.size() + " events up to position " + kept.position()
                    + "; the checkpoint covered " + kept.treeSize() + ": events were removed");
        }
        if (!Arrays.equals(frontier.root(), Hashes.fromHex(kept.rootHash()))) {
            return new DocumentCheck(false, "the ledger's first " + kept.treeSize() + " events no longer give root "
                    + kept.rootHash() + (chain.failures().isEmpty() ? "" : "; first problem: " + chain.failures().get(0)));
        }
        return new DocumentCheck(true, "this ledger still contains exactly the " + kept.treeSize() + " events up to position "
                + last[0] + " that checkpoint #" + kept.number() + " covered");
    }
}
