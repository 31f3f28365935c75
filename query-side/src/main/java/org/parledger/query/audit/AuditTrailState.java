package org.parledger.query.audit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.parledger.api.common.Provenance;
import org.parledger.query.projection.LedgerEvent;
import org.parledger.query.projection.ProjectionState;
import org.parledger.query.projection.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Every event of the ledger as an inspector reads it, at its position in the ledger; appended with COPY. */
final class AuditTrailState implements ProjectionState {
    private final List<Object[]> rows = new ArrayList<>();

    @Override
    public void apply(LedgerEvent event) {
        DomainEventMessage<?> domain = event.domain();
        if (domain == null) return;
        AuditDescription d = AuditDescription.of(domain.getPayload());
        rows.add(new Object[]{event.position(), domain.getIdentifier(), domain.getAggregateIdentifier(),
                domain.getSequenceNumber(), domain.getTimestamp(), d.kind(), d.unitCode(), d.year(),
                d.criterion(), d.actor() == null ? null : d.actor().userId(), d.actor() == null ? null : d.actor().role(),
                d.actor() == null ? null : d.actor().scope(), d.oldValue(), d.newValue(), d.reason(), d.evidence(),
                text(domain.getMetaData().get(Provenance.NAME)), text(domain.getMetaData().get(Provenance.METHOD)),
                text(domain.getMetaData().get(Provenance.ADDRESS)), d.evidenceFiles()});
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    @Override
    public void write(Connection connection, String schema) throws SQLException {
        Sql.copy(connection, Sql.table(schema, "rv_audit_entry"), "position, event_id, stream, sequence, recorded_at, "
                + "kind, unit_code, year, criterion, actor_user, actor_role, actor_scope, old_value, new_value, reason, "
                + "evidence, actor_name, auth_method, client_address, evidence_files", rows);
        rows.clear();
    }
}
