package org.parledger.query.audit;

import org.axonframework.queryhandling.QueryHandler;
import org.parledger.api.audit.AuditEntry;
import org.parledger.api.audit.AuditPage;
import org.parledger.api.audit.FindAuditTrail;
import org.parledger.api.common.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

@Component
class AuditTrailQueries {
    private final JdbcClient jdbc;

    AuditTrailQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    AuditPage handle(FindAuditTrail query) {
        List<AuditEntry> rows = jdbc.sql("""
                        SELECT * FROM rv_audit_entry e
                        WHERE position > :after
                          AND (CAST(:within AS VARCHAR) IS NULL OR EXISTS (SELECT 1 FROM rv_assessment a
                               WHERE a.unit_code = e.unit_code AND a.year = e.year AND a.within_code = :within))
                          AND (CAST(:unit AS VARCHAR) IS NULL OR unit_code = :unit)
                          AND (CAST(:year AS INTEGER) IS NULL OR year = :year)
                          AND (CAST(:criterion AS VARCHAR) IS NULL OR criterion = :criterion)
                          AND (CAST(:actor AS VARCHAR) IS NULL OR actor_user = :actor)
                          AND (CAST(:from AS TIMESTAMPTZ) IS NULL OR recorded_at >= :from)
                          AND (CAST(:to AS TIMESTAMPTZ) IS NULL OR recorded_at < :to)
                          AND (CAST(:asOf AS TIMESTAMPTZ) IS NULL OR recorded_at <= :asOf)
                        ORDER BY position LIMIT :limit""")
                // No cursor: from the first position (0 on Axon Server, 1 on the JDBC store).
                .param("after", query.after() == null ? -1L : query.after())
                .param("unit", query.unit()).param("year", query.year()).param("criterion", query.criterion())
                .param("actor", query.actor()).param("from", time(query.from())).param("to", time(query.to())).param("asOf", time(query.asOf()))
                .param("within", query.within())
                .param("limit", query.first() + 1)
                .query((rs, n) -> new AuditEntry(rs.getLong("position"), rs.getString("event_id"), rs.getString("stream"),
                        rs.getLong("sequence"), rs.getTimestamp("recorded_at").toInstant(), rs.getString("kind"),
                        rs.getString("unit_code"), (Integer) rs.getObject("year"), rs.getString("criterion"),
                        rs.getString("actor_user") == null ? null
                                : new Actor(rs.getString("actor_user"), rs.getString("actor_role"), rs.getString("actor_scope")),
                        rs.getString("old_value"), rs.getString("new_value"), rs.getString("reason"), rs.getString("evidence"),
                        rs.getString("actor_name"), rs.getString("auth_method"), rs.getString("client_address"),
                        EvidenceFiles.decode(rs.getString("evidence_files"))))
                .list();
        boolean more = rows.size() > query.first();
        return new AuditPage(more ? rows.subList(0, query.first()) : rows, more);
    }

    private static Object time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
