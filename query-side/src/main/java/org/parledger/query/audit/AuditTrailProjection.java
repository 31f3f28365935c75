package org.parledger.query.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.parledger.query.support.ReadModel;
import org.parledger.query.support.ReadModelVersion;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;

/** Writes every event of the ledger into the audit trail, as an inspector reads it. */
@Component
@ProcessingGroup(ReadModel.PROCESSING_GROUP)
class AuditTrailProjection {
    private final JdbcClient jdbc;
    private final ReadModelVersion version;

    AuditTrailProjection(JdbcClient jdbc, ReadModelVersion version) {
        this.jdbc = jdbc;
        this.version = version;
    }

    @EventHandler
    void on(Object event, EventMessage<?> message) {
        // Every event of the read model passes here: the one place that marks it changed.
        version.changedOnCommit();
        if (!(message instanceof DomainEventMessage<?> domain)) return;
        AuditDescription d = AuditDescription.of(event);
        jdbc.sql("""
                        INSERT INTO rv_audit_entry (event_id, stream, sequence, recorded_at, kind, unit_code, year, criterion,
                            actor_user, actor_role, actor_scope, old_value, new_value, reason, evidence)
                        VALUES (:id, :stream, :sequence, :at, :kind, :unit, :year, :criterion, :user, :role, :scope,
                            :old, :new, :reason, :evidence)""")
                .param("id", domain.getIdentifier()).param("stream", domain.getAggregateIdentifier())
                .param("sequence", domain.getSequenceNumber()).param("at", domain.getTimestamp().atOffset(ZoneOffset.UTC))
                .param("kind", d.kind()).param("unit", d.unitCode()).param("year", d.year())
                .param("criterion", d.criterion())
                .param("user", d.actor() == null ? null : d.actor().userId())
                .param("role", d.actor() == null ? null : d.actor().role())
                .param("scope", d.actor() == null ? null : d.actor().scope())
                .param("old", d.oldValue()).param("new", d.newValue()).param("reason", d.reason())
                .param("evidence", d.evidence())
                .update();
    }

    @ResetHandler
    void reset() {
        version.changedOnCommit();
        jdbc.sql("TRUNCATE rv_audit_entry").update();
    }
}
