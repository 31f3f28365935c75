package org.parledger.command.indexset;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.parledger.api.indexset.DefineIndexSet;
import org.parledger.api.indexset.IndexSetDefined;
import org.parledger.command.support.StreamIds;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An index set (Bộ chỉ số): the versioned rules that every score of its level and years is made under. */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver")
public class IndexSet {
    @AggregateIdentifier
    private String id;

    protected IndexSet() {
    }

    @CommandHandler
    public IndexSet(DefineIndexSet command) {
        IndexSetRulesCheck.check(command.definition());
        apply(new IndexSetDefined(command.definition(), command.actor()));
    }

    @EventSourcingHandler
    void on(IndexSetDefined event) {
        id = StreamIds.indexSet(event.definition().code());
    }
}
