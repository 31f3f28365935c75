package org.parledger.app.integrity;

import org.parledger.query.support.EventStoreKind;
import org.parledger.proof.EventHashing;
import org.parledger.proof.Hashes;
import org.parledger.proof.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The event table read as stored, for the checks that must not trust anything the application derived: raw
 * payload bytes, metadata parsed from its stored bytes, in the ledger's order. PostgreSQL event store only.
 */
public final class LedgerRows {
    private static final String COLUMNS = "globalindex, eventidentifier, type, aggregateidentifier, sequencenumber, "
            + "timestamp, payloadtype, payloadrevision, payload, metadata";

    private final JdbcTemplate jdbc;
    /** Reads in a read-only transaction of their own (a cursor needs one); the settled position takes a lock in another. */
    private final TransactionTemplate reading;
    private final TransactionTemplate settling;

    private final EventStoreKind store;

    public LedgerRows(DataSource dataSource, PlatformTransactionManager transactions, EventStoreKind store) {
        this.store = store;
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(2000);
        this.reading = new TransactionTemplate(transactions);
        this.reading.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.reading.setReadOnly(true);
        this.settling = new TransactionTemplate(transactions);
        this.settling.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The events after one position up to another, in ledger order, streamed (a cursor, not a list). */
    public void forEach(long after, long upTo, Consumer<StoredEvent> each) {
        store.requireJdbc("the integrity checks");
        reading.executeWithoutResult(status -> jdbc.query(
                "SELECT " + COLUMNS + " FROM domainevententry WHERE globalindex > ? AND globalindex <= ? ORDER BY globalindex",
                rs -> {
                    each.accept(row(rs));
                }, after, upTo));
    }

    /** A stream's events in order, up to a position. */
    public List<StoredEvent> stream(String aggregateId, long upTo) {
        store.requireJdbc("the integrity checks");
        return jdbc.query("SELECT " + COLUMNS + " FROM domainevententry WHERE aggregateidentifier = ? AND globalindex <= ? "
                + "ORDER BY sequencenumber", (rs, n) -> row(rs), aggregateId, upTo);
    }

    /**
     * The chain hash of a stream up to (and including) an event: its recorded hash, or for a stream begun before
     * hashing, the chain computed from the stream's first event.
     */
    public byte[] chainHash(String aggregateId, long sequence) {
        store.requireJdbc("the integrity checks");
        List<StoredEvent> events = jdbc.query("SELECT " + COLUMNS + " FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND sequencenumber <= ? ORDER BY sequencenumber", (rs, n) -> row(rs), aggregateId, sequence);
        byte[] hash = EventHashing.NO_PREVIOUS;
        for (StoredEvent event : events) {
            byte[] recorded = event.recordedHash();
            hash = recorded != null ? recorded : EventHashing.hash(event, hash);
        }
        return hash;
    }

    /** The highest position below which no transaction can still add an event (the table's owner decides, briefly locking). */
    public long settledPosition() {
        store.requireJdbc("the integrity checks");
        Long position = settling.execute(status -> jdbc.queryForObject("SELECT ledger_settled_position()", Long.class));
        return position == null ? 0 : position;
    }

    public long head() {
        store.requireJdbc("the integrity checks");
        Long head = jdbc.queryForObject("SELECT COALESCE(MAX(globalindex), 0) FROM domainevententry", Long.class);
        return head == null ? 0 : head;
    }

    static StoredEvent row(ResultSet rs) throws SQLException {
        byte[] metadata = rs.getBytes(10);
        return new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                Instant.parse(rs.getString(6)).toEpochMilli(), rs.getString(7), rs.getString(8), rs.getBytes(9),
                metadata(metadata));
    }

    /** Metadata as its stored JSON reads back. */
    static Map<String, Object> metadata(byte[] stored) {
        return StoredEvent.metadata(stored);
    }

    static String hex(byte[] hash) {
        return hash == null ? null : Hashes.hex(hash);
    }
}
