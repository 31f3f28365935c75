package org.parledger.query.projection;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * Keys a projection's events by the entity they change ({@link BatchProjection#sequenceOf}), so that its
 * processor's segments split the work without reordering what one entity sees. For an event in an entity's own
 * stream the key is that stream; {@link ProjectionProgress} relies on it to tell which segment an event belongs to.
 * The application declares one policy bean per projection and names it in the processor's settings
 * ({@code axon.eventhandling.processors.<group>.sequencing-policy}), as Axon's configuration expects.
 */
public final class EntitySequencing {
    private EntitySequencing() {
    }

    /** The policy of a projection's processor: the entity its events change, else their stream. */
    public static SequencingPolicy<EventMessage<?>> policy(BatchProjection<?> projection) {
        return event -> {
            String entity = projection.sequenceOf(event.getPayload());
            if (entity != null) return entity;
            return event instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null
                    ? domain.getAggregateIdentifier() : event.getIdentifier();
        };
    }
}
