package org.parledger.command.assessment;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.parledger.api.StreamIds;
import org.parledger.api.assessment.ResultsPublished;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** The publication of a level's results for a year in one round: it happens once, by one decision. */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver")
public class Publication {
    @AggregateIdentifier
    private String id;

    protected Publication() {
    }

    Publication(ResultsPublished published) {
        apply(published);
    }

    @EventSourcingHandler
    void on(ResultsPublished event) {
        id = StreamIds.publication(event.level(), event.year(), event.within());
    }
}
