package org.parledger.command.support;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures mean "the database is out of reach" (UNAVAILABLE), and which do not. */
class DatabaseOutageTest {

    @Test
    void lostConnectionsAndAServerGoingDownAreOutages() {
        assertThat(DatabaseOutage.is(new SQLTransientConnectionException("pool: request timed out after 3000ms"))).isTrue();
        assertThat(DatabaseOutage.is(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(DatabaseOutage.is(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(DatabaseOutage.is(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(DatabaseOutage.is(new SQLException("Connection is closed"))).isTrue();
        assertThat(DatabaseOutage.is(new CannotGetJdbcConnectionException("no connection"))).isTrue();
        assertThat(DatabaseOutage.is(new CannotCreateTransactionException("no transaction",
                new SQLTransientConnectionException("timed out")))).isTrue();
        assertThat(DatabaseOutage.is(new IllegalStateException("wrapped", new RuntimeException(new SQLException("x", "08001"))))).isTrue();
    }

    @Test
    void aDatabaseOutOfRoomTakingOnlyReadsOrHeldByALockIsOneToo() {
        // As Axon's JDBC store wraps a full disk under an insert: its own exception, the driver's batch failure, the cause.
        SQLException diskFull = new SQLException("ERROR: could not extend file \"base/16384/16397\": No space left on device", "53100");
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException("Batch entry 0 INSERT INTO DomainEventEntry", "53100", new int[0]);
        batch.initCause(diskFull);
        assertThat(DatabaseOutage.is(new EventStoreException("An event for aggregate [a] at sequence [3] was already inserted", batch))).isTrue();
        assertThat(DatabaseOutage.is(new SQLException("out of memory", "53200"))).isTrue();
        assertThat(DatabaseOutage.is(new SQLException("sorry, too many clients already", "53300"))).isTrue();
        assertThat(DatabaseOutage.is(new SQLException("cannot execute INSERT in a read-only transaction", "25006"))).isTrue();
        assertThat(DatabaseOutage.is(new SQLException("canceling statement due to lock timeout", "55P03"))).isTrue();
        assertThat(DatabaseOutage.is(new SQLException("canceling statement due to user request", "57014"))).isTrue();
        assertThat(Refusals.atStorage(new EventStoreException("append failed", batch)).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void refusalsBugsAndOtherDatabaseErrorsAreNot() {
        assertThat(DatabaseOutage.is(new LedgerException(ErrorCode.POINTS_OUT_OF_RANGE, "points", "too many"))).isFalse();
        assertThat(DatabaseOutage.is(new ConcurrencyException("lost a race"))).isFalse();
        assertThat(DatabaseOutage.is(new SQLException("duplicate key value", "23505"))).isFalse();
        assertThat(DatabaseOutage.is(new SQLException("permission denied for table domainevententry", "42501"))).isFalse();
        assertThat(DatabaseOutage.is(new SQLException("value too long for type character varying(64)", "22001"))).isFalse();
        assertThat(DatabaseOutage.is(new SQLException("current transaction is aborted", "25P02"))).isFalse();
        assertThat(DatabaseOutage.is(new NullPointerException())).isFalse();
        assertThat(DatabaseOutage.is((Throwable) null)).isFalse();
    }

    @Test
    void storingAnswersItAsUnavailableWithTheSecondsToWait() {
        LedgerError answered = Refusals.atStorage(new RuntimeException(new SQLException("I/O error", "08006")));
        assertThat(answered.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(answered.retryAfterSeconds()).isEqualTo(DatabaseOutage.RETRY_AFTER_SECONDS);
        assertThat(Refusals.atStorage(new SQLException("permission denied for table domainevententry", "42501"))).isNull();
    }
}
