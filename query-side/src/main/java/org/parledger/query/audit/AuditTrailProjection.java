package org.parledger.query.audit;

import org.parledger.query.projection.BatchProjection;
import org.parledger.query.projection.LedgerEvent;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.util.List;

/** The audit trail: appends only, so a batch never reads a row back. */
@Order(3)
@Component
public class AuditTrailProjection extends BatchProjection<AuditTrailState> {
    public static final String NAME = "audit-trail";
    public static final String PROCESSING_GROUP = "audit-trail-v1";

    AuditTrailProjection() {
        super(NAME, PROCESSING_GROUP, List.of("rv_audit_entry"));
    }

    @Override
    public AuditTrailState empty() {
        return new AuditTrailState();
    }

    @Override
    public AuditTrailState loadTouched(Connection connection, String schema, List<LedgerEvent> batch) {
        return empty();
    }

    @Override
    public AuditTrailState loadAll(Connection connection, String schema) {
        return empty();
    }
}
