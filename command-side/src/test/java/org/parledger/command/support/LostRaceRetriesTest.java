package org.parledger.command.support;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.Test;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LostRaceRetriesTest {
    private final LostRaceRetries retries = new LostRaceRetries();

    @Test
    void onlyALostRaceIsTriedAgain() {
        assertThat(LostRaceRetries.lostARace(new EventStoreException("append", new ConcurrencyException("seq 7 taken")))).isTrue();
        assertThat(LostRaceRetries.lostARace(new ConflictingAggregateVersionException("a:1", 3, 4))).isFalse();
        assertThat(LostRaceRetries.lostARace(new AggregateStreamCreationException("a:1 exists"))).isFalse();
        assertThat(LostRaceRetries.lostARace(new LedgerException(ErrorCode.WRONG_STAGE, null, "submitted"))).isFalse();
        assertThat(LostRaceRetries.lostARace(new IllegalStateException("database down"))).isFalse();
        // As Axon Server words them, passed on as a message only.
        assertThat(LostRaceRetries.lostARace(new IllegalStateException(
                "OUT_OF_RANGE: [AXONIQ-2000] Invalid sequence number 7 for aggregate assessment:22:2025, expected 8"))).isTrue();
        assertThat(LostRaceRetries.lostARace(new IllegalStateException(
                "OUT_OF_RANGE: [AXONIQ-2000] Invalid sequence number 0 for aggregate unit:22, expected 2"))).isFalse();
        assertThat(CommitFailures.refusal(new IllegalStateException(
                "OUT_OF_RANGE: [AXONIQ-2000] Invalid sequence number 0 for aggregate unit:22, expected 2")).code())
                .isEqualTo(ErrorCode.ALREADY_EXISTS);
    }

    @Test
    void aLostRaceIsSentAgainUntilTheLimit() throws InterruptedException {
        CountDownLatch sent = new CountDownLatch(1);
        List<Class<? extends Throwable>[]> failures = new ArrayList<>();
        failures.add(new Class[]{ConcurrencyException.class});
        var command = GenericCommandMessage.asCommandMessage("record");
        assertThat(retries.scheduleRetry(command, new ConcurrencyException("lost"), failures, sent::countDown)).isTrue();
        assertThat(sent.await(5, TimeUnit.SECONDS)).isTrue();

        for (int i = failures.size(); i <= LostRaceRetries.MAX_RETRIES; i++) failures.add(new Class[]{ConcurrencyException.class});
        assertThat(retries.scheduleRetry(command, new ConcurrencyException("lost again"), failures, () -> {
            throw new AssertionError("not sent again");
        })).isFalse();
        assertThat(retries.scheduleRetry(command, new LedgerException(ErrorCode.CONFLICT, "expectedVersion", "stale"),
                failures.subList(0, 1), () -> {
                    throw new AssertionError("not sent again");
                })).isFalse();
    }
}
