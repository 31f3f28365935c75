package org.parledger.query.projection;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

/** Plain JDBC for projections: batched statements and COPY, the fast ways to write many rows. */
public final class Sql {
    private Sql() {
    }

    /** A table's name in a schema; unqualified (the live read model) when the schema is null. */
    public static String table(String schema, String table) {
        return schema == null ? table : schema + "." + table;
    }

    public static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.executeUpdate();
        }
    }

    /**
     * For the rest of the connection's transaction, its statements wait for a lock as long as it takes, whatever
     * parledger.database.lock-timeout bounds for requests: for work that waits for other work by design.
     */
    public static void waitForLocks(Connection connection) throws SQLException {
        update(connection, "SET LOCAL lock_timeout = 0");
    }

    /** Reads one row at a time; throws what JDBC throws. */
    public interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Runs a query and hands each row to the reader, fetching in large slices. */
    public static void query(Connection connection, String sql, Object[] parameters, RowReader reader) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(10_000);
            bind(statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) reader.read(rs);
            }
        }
    }

    /** One statement executed for every row, sent as a batch. */
    public static void batch(Connection connection, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) return;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Appends rows with COPY (text format), the fastest way into PostgreSQL, sent in pieces of about 1 MB. */
    public static void copy(Connection connection, String table, String columns, List<Object[]> rows)
            throws SQLException {
        if (rows.isEmpty()) return;
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
        try {
            StringBuilder text = new StringBuilder(1 << 20);
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) text.append('\t');
                    escape(text, row[i]);
                }
                text.append('\n');
                if (text.length() >= 1 << 20) {
                    send(copy, text);
                }
            }
            send(copy, text);
            copy.endCopy();
        } finally {
            if (copy.isActive()) copy.cancelCopy();
        }
    }

    private static void send(CopyIn copy, StringBuilder text) throws SQLException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    public static Array textArray(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    public static Array intArray(Connection connection, Collection<Integer> values) throws SQLException {
        return connection.createArrayOf("int4", values.toArray());
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i] instanceof String text ? storable(text) : parameters[i]);
        }
    }

    /**
     * A text PostgreSQL can store: it has no NUL character, which events recorded before the ledger refused it may
     * hold. The read model shows U+FFFD in its place; the ledger keeps the bytes as they were.
     */
    static String storable(String text) {
        return text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    private static void escape(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        if (value instanceof Number && !(value instanceof java.math.BigDecimal)) {
            text.append(value);
            return;
        }
        String s = value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == '\u0000') break;
            i++;
        }
        if (i == s.length()) {
            text.append(s);
            return;
        }
        for (i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\u0000' -> text.append('\uFFFD');
                default -> text.append(c);
            }
        }
    }
}
