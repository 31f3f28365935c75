package org.parledger.query.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A projection that applies events in batches. The live processor and a replay run the same code: load the
 * rows the events touch (live) or start empty (replay), apply every event in memory, write what changed.
 * That is why a replay gives the same rows as live processing.
 */
public abstract class BatchProjection<S extends ProjectionState> {
    private final String name;
    private final String processingGroup;
    private final List<String> tables;

    /**
     * @param name            the name an admin uses to replay it
     * @param processingGroup its processing group; the version in it changes when the projection's meaning changes
     * @param tables          the tables it owns, all rebuilt by a replay
     */
    protected BatchProjection(String name, String processingGroup, List<String> tables) {
        this.name = name;
        this.processingGroup = processingGroup;
        this.tables = List.copyOf(tables);
    }

    public final String name() {
        return name;
    }

    public final String processingGroup() {
        return processingGroup;
    }

    public final List<String> tables() {
        return tables;
    }

    /** Nothing projected yet: where a replay starts. */
    public abstract S empty();

    /** The rows the given events touch, read from the tables in {@code schema} (null: the live ones). */
    public abstract S loadTouched(Connection connection, String schema, List<LedgerEvent> batch) throws SQLException;

    /**
     * What an event changes, as the stream identifier of that entity (an assessment, a unit), or a key shared by
     * entities that must be projected by one segment (the scores projection's index sets): it keys the segment that
     * projects the event, so that every event changing one entity is applied by one segment in ledger order, whichever
     * stream recorded it. Null: the event's own stream.
     */
    public String sequenceOf(Object payload) {
        return null;
    }

    /** Every row: where an interrupted replay resumes. */
    public abstract S loadAll(Connection connection, String schema) throws SQLException;
}
