package org.parledger.command.assessment;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.parledger.api.StreamIds;
import org.parledger.api.assessment.DeadlineExtended;
import org.parledger.api.assessment.RoundScheduled;
import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.support.StreamState;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/** Reads a round's deadline from its own stream in the event store. */
@Component
class EventStoreRoundCatalog implements RoundCatalog {
    private final StreamState<Instant> rounds;

    EventStoreRoundCatalog(EventStore eventStore) {
        this.rounds = new StreamState<>(eventStore, (current, event) -> {
            if (event instanceof RoundScheduled scheduled) return scheduled.selfAssessmentDeadline();
            if (event instanceof DeadlineExtended extended) return extended.selfAssessmentDeadline();
            return current;
        });
    }

    @Override
    public Optional<Instant> deadline(int year, Level level, UnitCode within) {
        return rounds.of(StreamIds.round(level, year, within));
    }
}
