package org.parledger.query.projection;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A projection's rows held in memory: the events are applied here, and what they changed is written in one
 * go. Live processing holds the rows one batch touches; a replay holds them all.
 */
public interface ProjectionState {
    void apply(LedgerEvent event);

    /** Writes the rows changed since the last write into the projection's tables in {@code schema} (null: the live ones). */
    void write(Connection connection, String schema) throws SQLException;
}
