package org.parledger.command.support;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A refusal or a version conflict decided on a copy of a stream that the ledger has passed is a lost race, nothing else is. */
class StaleCopiesTest {
    private static final String STREAM = "assessment:SC:2025";
    private final EventStore ledger = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final AtomicInteger asked = new AtomicInteger();
    private final RefusalInterceptor interceptor = new RefusalInterceptor(() -> {
        asked.incrementAndGet();
        return ledger;
    });
    private final UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage(
            new org.parledger.api.assessment.SubmitSelfAssessment(new org.parledger.api.assessment.AssessmentId(
                    new org.parledger.api.unit.UnitCode("SC"), 2025), TestSets.by(TestSets.ADMIN))));

    StaleCopiesTest() {
        for (long sequence = 0; sequence <= 2; sequence++) {
            ledger.publish(new GenericDomainEventMessage<>("Assessment", STREAM, sequence, "event " + sequence));
        }
    }

    @AfterEach
    void end() {
        unitOfWork.rollback();
    }

    @Test
    void aRefusalDecidedOnACopyBehindTheLedgerIsALostRace() {
        Throwable thrown = handling(() -> {
            throw StaleCopies.refusedOn(STREAM, 1L, new LedgerException(ErrorCode.WRONG_STAGE, null, "not submitted yet"));
        });
        assertThat(thrown).isInstanceOf(ConcurrencyException.class).hasMessageContaining("version 1, the ledger at 2");
        assertThat(CommitFailures.refusal(thrown)).isEqualTo(new LedgerError(ErrorCode.CONFLICT, null,
                "someone else changed the same record at the same time; read it again and retry"));
        assertThat(LostRaceRetries.lostARace(thrown)).isTrue();
    }

    @Test
    void aRefusalDecidedOnManyCopiesIsALostRaceWhenAnyOfThemIsBehind() {
        ledger.publish(new GenericDomainEventMessage<>("Assessment", "assessment:SD:2025", 0, "event 0"));
        StaleCopies.refusedOn(STREAM, 2L, null);
        assertThat(handling(() -> {
            throw StaleCopies.refusedOn("assessment:SD:2025", -1L, new LedgerException(ErrorCode.WRONG_STAGE, null, "not verified yet"));
        })).isInstanceOf(ConcurrencyException.class).hasMessageContaining("assessment:SD:2025");
    }

    @Test
    void aChecksReportOfRefusalsIsCheckedTheSameWay() throws Exception {
        List<LedgerError> report = List.of(new LedgerError(ErrorCode.CRITERION_NOT_APPLICABLE, "leaves[0].criterion", "not applicable"));
        assertThat(handling(() -> {
            StaleCopies.refusedOn(STREAM, 1L, null);
            return report;
        })).isInstanceOf(ConcurrencyException.class);
    }

    @Test
    void aChecksReportDecidedOnTheStreamAsItIsStands() throws Exception {
        List<LedgerError> report = List.of(new LedgerError(ErrorCode.CRITERION_NOT_APPLICABLE, "leaves[0].criterion", "not applicable"));
        assertThat(interceptor.handle(commandUnit(), () -> {
            StaleCopies.refusedOn(STREAM, 2L, null);
            return report;
        })).isEqualTo(report);
        assertThat(interceptor.handle(commandUnit(), List::of)).isEqualTo(List.of());
    }

    @Test
    void aRefusalDecidedOnTheStreamAsItIsIsTheAnswer() {
        Throwable thrown = handling(() -> {
            throw StaleCopies.refusedOn(STREAM, 2L, new LedgerException(ErrorCode.WRONG_STAGE, null, "not submitted yet"));
        });
        assertThat(thrown).isInstanceOfSatisfying(CommandExecutionException.class, refused ->
                assertThat(refused.getDetails()).contains(new LedgerError(ErrorCode.WRONG_STAGE, null, "not submitted yet")));
    }

    @Test
    void aRefusalNoAggregateDecidedDoesNotAskTheLedger() {
        Throwable thrown = handling(() -> {
            throw new LedgerException(ErrorCode.CONFLICT, "requestId", "used before");
        });
        assertThat(thrown).isInstanceOf(CommandExecutionException.class);
        assertThat(asked).hasValue(0);
    }

    @Test
    void aVersionTheCopyHadNotReachedButTheLedgerHasIsALostRace() {
        Throwable thrown = handling(() -> {
            throw new ConflictingAggregateVersionException(STREAM, 2, 1);
        });
        assertThat(thrown).isInstanceOf(ConcurrencyException.class);
        assertThat(LostRaceRetries.lostARace(thrown)).isTrue();
    }

    @Test
    void aVersionTheLedgerHasNotReachedOrHasPassedIsAConflict() {
        ConflictingAggregateVersionException ahead = new ConflictingAggregateVersionException(STREAM, 3, 2);
        assertThat(handling(() -> {
            throw ahead;
        })).isSameAs(ahead);
        ConflictingAggregateVersionException passed = new ConflictingAggregateVersionException(STREAM, 0, 2);
        assertThat(handling(() -> {
            throw passed;
        })).isSameAs(passed);
        assertThat(CommitFailures.refusal(passed).field()).isEqualTo("expectedVersion");
        assertThat(asked).as("a version behind the copy's is behind the ledger's: not asked").hasValue(1);
    }

    @SuppressWarnings("unchecked")
    private UnitOfWork<org.axonframework.commandhandling.CommandMessage<?>> commandUnit() {
        return (UnitOfWork<org.axonframework.commandhandling.CommandMessage<?>>) unitOfWork;
    }

    private Throwable handling(InterceptorChain chain) {
        try {
            interceptor.handle(commandUnit(), chain);
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("nothing was thrown");
    }
}
