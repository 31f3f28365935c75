package org.parledger.command.support;

import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * A failure that means the database cannot take the request right now (stopped, restarting, the network gone, the
 * pool unable to get a connection within its timeout; out of disk, memory or connections; a server that takes only
 * reads, as a standby does while a failover settles), as opposed to a refusal or a bug: the client is told
 * UNAVAILABLE, with the seconds after which asking again makes sense. A change whose answer was lost this way may or
 * may not have been stored (the connection can die between the commit and its acknowledgement): sent again with the
 * same requestId it is recorded exactly once either way.
 */
public final class DatabaseOutage {
    /** How long a client should wait before asking again: about what a database restart takes. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseOutage() {
    }

    /** True when the failure, or one of its causes, says the database is out of reach. */
    public static boolean is(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && (lostConnection(sql.getSQLState()) || cannotTakeItNow(sql.getSQLState()))) {
                return true;
            }
            // HikariCP's answer, without an SQLSTATE, to a statement on a connection it closed when the server went.
            if (t instanceof SQLException sql && sql.getSQLState() == null && "Connection is closed".equals(sql.getMessage())) {
                return true;
            }
            // Spring's names for the same, whatever the driver said underneath.
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    /** SQLSTATE class 08 (connection exception) and the server going down (57P01-57P03). */
    static boolean lostConnection(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }

    /**
     * SQLSTATE class 53 (insufficient resources: a full disk, 53100, fails the insert with "could not extend file"
     * while reads go on; out of memory; too many connections) and 25006 (a read-only transaction: the address points
     * at a standby). Measured with a full disk: without this, the event's insert was INTERNAL_ERROR with a stack trace
     * for every request, while the request-id row's insert, which Spring translates to a resource failure, was
     * UNAVAILABLE. Also 55P03 (a lock someone else held past parledger.database.lock-timeout: a maintenance command, a
     * migration, a session left open) and 57014 (a statement cancelled by an operator or a statement_timeout).
     */
    static boolean cannotTakeItNow(String state) {
        return state != null && (state.startsWith("53") || state.equals("25006") || state.equals("55P03") || state.equals("57014"));
    }

    public static LedgerError error() {
        return new LedgerError(ErrorCode.UNAVAILABLE, null, "the ledger's database cannot take this just now; try again in "
                + RETRY_AFTER_SECONDS + " s (a change sent again with the same requestId is recorded once)", RETRY_AFTER_SECONDS);
    }
}
