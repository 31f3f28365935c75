package org.parledger.app.integrity;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Provenance;
import org.parledger.api.common.Role;
import org.parledger.api.ledger.LedgerCheckpointSigned;
import org.parledger.proof.Checkpoint;
import org.parledger.proof.Ed25519;
import org.parledger.proof.EventHashing;
import org.parledger.proof.Hashes;
import org.parledger.proof.MerkleTree;
import org.parledger.proof.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signed checkpoints: periodically and on an admin's request, the events since the last checkpoint are checked
 * (each one's stored bytes against its recorded hash, chained to its stream's predecessor), appended to the Merkle
 * tree in ledger order, and the new root is signed and stored as an event of the stream {@value #STREAM}. The tree's
 * entries go to {@code ledger_leaf} for proofs. One node signs at a time (an advisory lock); events are covered only
 * up to the settled position, so that no late commit can later slip in below a signed one.
 */
public final class Checkpoints {
    public static final String STREAM = "ledger-checkpoints";
    /** Who signs the periodic checkpoints, and those a proof needs: the application itself. */
    public static final Principal SIGNER = Principal.system("ledger-checkpointer", Role.ADMIN);
    static final String AGGREGATE_TYPE = "LedgerCheckpoints";
    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LedgerRows rows;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EventStore eventStore;
    private final LedgerKey key;

    public Checkpoints(LedgerRows rows, DataSource dataSource, PlatformTransactionManager transactions, EventStore eventStore,
                       LedgerKey key) {
        this.rows = rows;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(transactions);
        this.eventStore = eventStore;
        this.key = key;
    }

    /** A checkpoint with the frontier its successor continues from. */
    public record Signed(Checkpoint checkpoint, List<String> frontier) {
    }

    /** Every checkpoint signed, oldest first, read from the ledger's own stream. */
    public List<Signed> all() {
        List<Signed> all = new ArrayList<>();
        for (StoredEvent event : rows.stream(STREAM, Long.MAX_VALUE)) {
            LedgerCheckpointSigned signed = JSON.readValue(event.payload(), LedgerCheckpointSigned.class);
            all.add(new Signed(document(signed), signed.frontier()));
        }
        return all;
    }

    public Optional<Checkpoint> number(long number) {
        return all().stream().map(Signed::checkpoint).filter(c -> c.number() == number).findFirst();
    }

    static Checkpoint document(LedgerCheckpointSigned e) {
        return new Checkpoint(e.number(), e.position(), e.treeSize(), e.rootHash(), e.previousTreeSize(),
                e.previousRootHash(), e.signedAt(), e.publicKey(), e.signature());
    }

    /**
     * Signs a checkpoint over the events since the last one (or returns the last one when nothing was added). Refused
     * with INTEGRITY_VIOLATION, signing nothing, when an event does not hash to what was recorded with it.
     */
    public Checkpoint sign(Principal by) {
        Checkpoint signed = transaction.execute(status -> {
            // Waits for another node's signing as long as it takes (parledger.database.lock-timeout is for requests).
            jdbc.execute("SET LOCAL lock_timeout = 0");
            jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext('par-ledger-checkpoint'))", Object.class);
            List<Signed> existing = all();
            Signed previous = existing.isEmpty() ? null : existing.get(existing.size() - 1);
            if (previous != null) signedByThisKey(previous.checkpoint());
            long from = previous == null ? 0 : previous.checkpoint().position();
            long settled = rows.settledPosition();
            if (previous != null && settled <= from) return previous.checkpoint();
            MerkleTree.Frontier frontier = previous == null ? new MerkleTree.Frontier()
                    : MerkleTree.Frontier.restore(previous.checkpoint().treeSize(), previous.frontier().stream().map(Hashes::fromHex).toList());
            ChainCheck chain = new ChainCheck(rows, previous != null);
            List<Object[]> leaves = new ArrayList<>();
            rows.forEach(from, settled, event -> {
                byte[] hash = chain.check(event);
                leaves.add(new Object[]{frontier.size(), event.position(), event.eventId(), event.aggregateId(), event.sequence(), hash});
                frontier.append(hash);
            });
            if (!chain.failures().isEmpty()) {
                throw new LedgerException(ErrorCode.INTEGRITY_VIOLATION, null, "no checkpoint signed: "
                        + chain.failures().size() + " event(s) fail verification; the first: " + chain.failures().get(0));
            }
            if (previous != null && leaves.isEmpty()) return previous.checkpoint();
            long number = previous == null ? 1 : previous.checkpoint().number() + 1;
            Checkpoint checkpoint = Checkpoint.signed(number, settled, frontier.size(), frontier.root(),
                    previous == null ? 0 : previous.checkpoint().treeSize(),
                    previous == null ? MerkleTree.emptyRoot() : Hashes.fromHex(previous.checkpoint().rootHash()),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), key.pair());
            LedgerCheckpointSigned event = new LedgerCheckpointSigned(number, checkpoint.position(), checkpoint.treeSize(),
                    checkpoint.rootHash(), checkpoint.previousTreeSize(), checkpoint.previousRootHash(),
                    frontier.nodes().stream().map(Hashes::hex).toList(), checkpoint.signedAt(), checkpoint.publicKey(),
                    checkpoint.signature(), org.parledger.command.support.Permissions.actingAs(by, Role.ADMIN));
            eventStore.publish(new GenericDomainEventMessage<>(AGGREGATE_TYPE, STREAM, number - 1, event,
                    MetaData.from(Provenance.of(by))));
            jdbc.batchUpdate("INSERT INTO ledger_leaf (leaf_index, position, event_id, stream, sequence, event_hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", leaves);
            return checkpoint;
        });
        log.info("Checkpoint #{}: {} events up to position {}, root {}", signed.number(), signed.treeSize(), signed.position(),
                signed.rootHash());
        return signed;
    }

    /**
     * Refuses, naming both keys, when the checkpoint was signed with another key than this node's. A node given a key of
     * its own (a typo in one node's secret) otherwise joined, signed the next checkpoint and snapshots with it, and every
     * other node's verifyLedger answered "not signed by this installation's key", "forged or altered" (measured by hand,
     * twenty-second session): a false alarm no one could take back, since events are never removed.
     */
    void signedByThisKey(Checkpoint checkpoint) {
        String signer = Ed25519.keyId(Ed25519.publicKey(checkpoint.publicKey()));
        if (!signer.equals(key.keyId())) throw new AnotherKey(key.keyId(), signer, checkpoint.number());
    }

    /**
     * Refuses ({@link AnotherKey}) a node whose key did not sign the latest checkpoint, or is not the one the ledger's
     * first node recorded (recorded here when there is none): without checkpoints (before the first, or with periodic
     * ones off) a node with another key otherwise started, and signed snapshots that other nodes then called forged.
     */
    public void checkKey() {
        List<Signed> existing = all();
        if (!existing.isEmpty()) signedByThisKey(existing.get(existing.size() - 1).checkpoint());
        claimKey();
    }

    /**
     * Records this node's key when the ledger has none recorded yet, and refuses ({@link AnotherKey}) when another is.
     * The only check with Axon Server, where there are no checkpoints: it holds for the nodes that share this database.
     */
    public void claimKey() {
        String recorded = transaction.execute(status -> {
            jdbc.update("INSERT INTO ledger_signing_key (key_id, public_key) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    key.keyId(), key.encodedPublicKey());
            return jdbc.queryForObject("SELECT key_id FROM ledger_signing_key", String.class);
        });
        if (!key.keyId().equals(recorded)) throw new AnotherKey(key.keyId(), recorded);
    }

    /** This node's signing key is not the one the ledger's checkpoints are signed with. */
    public static final class AnotherKey extends LedgerException {
        AnotherKey(String mine, String theLedgers, long number) {
            super(ErrorCode.INTEGRITY_VIOLATION, null, "this node's signing key " + mine + " is not the key " + theLedgers
                    + " that signed the ledger's checkpoint #" + number + ": nothing is signed with it (every node needs the"
                    + " installation's key, parledger.integrity.signing-key or signing-key-file)");
        }

        AnotherKey(String mine, String recorded) {
            super(ErrorCode.INTEGRITY_VIOLATION, null, "this node's signing key " + mine + " is not the key " + recorded
                    + " that the ledger's first node recorded: nothing is signed with it (every node needs the"
                    + " installation's key, parledger.integrity.signing-key or signing-key-file)");
        }
    }

    /** The tree's entries as the signer recorded them, read in ranges for proofs. */
    public MerkleTree.Entries entries(long size) {
        return new MerkleTree.Entries() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public Iterable<byte[]> range(long from, long to) {
                return jdbc.query("SELECT event_hash FROM ledger_leaf WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index",
                        (rs, n) -> rs.getBytes(1), from, to);
            }
        };
    }

    /** That checkpoint {@code to} contains exactly the history of checkpoint {@code from} (RFC 9162 consistency proof). */
    public List<String> consistency(long from, long to) {
        Checkpoint earlier = number(from).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND, "from", "no checkpoint #" + from));
        Checkpoint later = number(to).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND, "to", "no checkpoint #" + to));
        if (earlier.treeSize() > later.treeSize() || earlier.treeSize() == 0) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "from", "checkpoint #" + from + " must precede #" + to);
        }
        return MerkleTree.consistencyProof(entries(later.treeSize()), earlier.treeSize()).stream().map(Hashes::hex).toList();
    }

    /**
     * Checks events in ledger order: each stream's sequence has no hole, each event's stored bytes give the hash
     * recorded with it, chained to its predecessor; an event without a recorded hash is accepted only before the
     * first one that has one (a ledger recorded before hashing began).
     */
    static final class ChainCheck {
        private final LedgerRows rows;
        private final Map<String, long[]> lastSequence = new HashMap<>();
        private final Map<String, byte[]> lastHash = new HashMap<>();
        private final List<String> failures = new ArrayList<>();
        private boolean chainStarted;

        ChainCheck(LedgerRows rows, boolean chainStarted) {
            this.rows = rows;
            this.chainStarted = chainStarted;
        }

        /** The event's hash, as computed from its stored form; failures are collected. */
        byte[] check(StoredEvent event) {
            String stream = event.aggregateId();
            byte[] previous;
            long[] last = lastSequence.get(stream);
            if (last != null) {
                if (event.sequence() != last[0] + 1) {
                    failures.add(where(event) + ": follows #" + last[0] + " of its stream: events are missing");
                }
                previous = lastHash.get(stream);
            } else {
                previous = event.sequence() == 0 ? EventHashing.NO_PREVIOUS : rows.chainHash(stream, event.sequence() - 1);
            }
            byte[] hash = EventHashing.hash(event, previous);
            byte[] recorded = event.recordedHash();
            if (recorded == null) {
                if (chainStarted) failures.add(where(event) + ": has no hash, though the ledger's events before it have");
            } else {
                chainStarted = true;
                if (!Arrays.equals(recorded, hash)) {
                    failures.add(where(event) + ": its stored bytes do not give the hash recorded with it (altered, or "
                            + "its stream's history before it was)");
                }
            }
            lastSequence.put(stream, new long[]{event.sequence()});
            lastHash.put(stream, hash);
            return hash;
        }

        List<String> failures() {
            return failures;
        }

        static String where(StoredEvent event) {
            return "event " + event.eventId() + " (" + event.aggregateId() + " #" + event.sequence() + ", position "
                    + event.position() + ")";
        }
    }
}
