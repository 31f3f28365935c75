package org.parledger.query.projection;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures park an event and which make the processor retry, and what an admin reads of them. */
class ParkedEventsTest {

    @Test
    void whatTheSameEventWouldMeetAgainIsParked() {
        assertThat(ParkedEvents.isPoison(new SQLException("raised", "P0001"))).isTrue();
        assertThat(ParkedEvents.isPoison(new SQLException("numeric field overflow", "22003"))).isTrue();
        assertThat(ParkedEvents.isPoison(new SQLException("invalid byte sequence", "22021"))).isTrue();
        assertThat(ParkedEvents.isPoison(new IllegalStateException("a bug", new NullPointerException()))).isTrue();
    }

    @Test
    void aLostConnectionADeadlockOrATimeoutIsRetriedNeverParked() {
        for (String state : new String[]{"08006", "40001", "40P01", "53100", "57014", "57P01", "55P03", "XX000"}) {
            assertThat(ParkedEvents.isPoison(new IllegalStateException("batch", new SQLException("failed", state)))).as(state).isFalse();
        }
        assertThat(ParkedEvents.isPoison(new CannotGetJdbcConnectionException("no pool"))).isFalse();
        assertThat(ParkedEvents.isPoison(new CannotAcquireLockException("lock"))).isFalse();
    }

    /** An index set another segment has not projected yet comes; one that is parked does not, so its event waits too. */
    @Test
    void aSetNotProjectedYetIsRetriedAParkedOneParksTheEvent() {
        assertThat(ParkedEvents.isPoison(new IllegalStateException("batch", new NotProjectedYet(java.util.Set.of("PAR"), false)))).isFalse();
        assertThat(ParkedEvents.isPoison(new NotProjectedYet(java.util.Set.of("PAR"), true))).isTrue();
    }

    @Test
    void theReasonIsTheFirstFailedStatementNotTheWholeBatch() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO rv_assessment VALUES ('x'".repeat(50), "P0001", new int[0]);
        batch.setNextException(new SQLException("ERROR: poisoned", "P0001"));
        String reason = ParkedEvents.reason(new IllegalStateException("scores: cannot project", batch)).getMessage();
        assertThat(reason).isEqualTo("SQLSTATE P0001 SQLException: ERROR: poisoned");
        assertThat(ParkedEvents.reason(new RuntimeException("x".repeat(5_000))).getMessage()).hasSizeLessThan(2_100);
    }

    @Test
    void anEventsStreamIsItsAggregate() {
        assertThat(ParkedEvents.streamOf(new GenericDomainEventMessage<>("Assessment", "assessment:HN:2025", 3, "payload")))
                .isEqualTo("assessment:HN:2025");
        GenericEventMessage<String> loose = new GenericEventMessage<>("payload");
        assertThat(ParkedEvents.streamOf(loose)).isEqualTo(loose.getIdentifier());
    }
}
