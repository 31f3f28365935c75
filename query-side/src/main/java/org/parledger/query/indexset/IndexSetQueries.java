package org.parledger.query.indexset;

import org.axonframework.queryhandling.QueryHandler;
import org.parledger.api.common.Actor;
import org.parledger.api.indexset.FindIndexSet;
import org.parledger.api.indexset.FindIndexSets;
import org.parledger.api.indexset.IndexSetView;
import org.parledger.api.indexset.IndexSetViews;
import org.parledger.api.indexset.RuleCorrection;
import org.parledger.query.support.RulesJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** Index sets as they stand, with their correction history, from the assessment-summaries read model. */
@Component
class IndexSetQueries {
    private final JdbcClient jdbc;
    private final RulesJson json;

    IndexSetQueries(JdbcClient jdbc, RulesJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    Optional<IndexSetView> handle(FindIndexSet query) {
        return jdbc.sql("SELECT code, definition::text AS definition, defined_at FROM rv_index_set WHERE code = :code")
                .param("code", query.indexSet().value())
                .query((rs, n) -> view(rs.getString("code"), rs.getString("definition"), rs.getTimestamp("defined_at")))
                .optional();
    }

    @QueryHandler
    IndexSetViews handle(FindIndexSets query) {
        return new IndexSetViews(jdbc.sql("""
                        SELECT code, definition::text AS definition, defined_at FROM rv_index_set
                        WHERE CAST(:level AS VARCHAR) IS NULL OR level = :level
                        ORDER BY from_year DESC, code""")
                .param("level", query.level() == null ? null : query.level().name())
                .query((rs, n) -> view(rs.getString("code"), rs.getString("definition"), rs.getTimestamp("defined_at")))
                .list());
    }

    private IndexSetView view(String code, String definition, java.sql.Timestamp definedAt) {
        List<RuleCorrection> corrections = jdbc.sql("""
                        SELECT number, kind, node_code, previous, corrected, reason, reference, actor_user, actor_role,
                               recorded_at
                        FROM rv_index_set_correction WHERE index_set = :code ORDER BY number""")
                .param("code", code)
                .query((rs, n) -> new RuleCorrection(rs.getInt("number"), rs.getString("kind"), rs.getString("node_code"),
                        rs.getString("previous"), rs.getString("corrected"), rs.getString("reason"),
                        rs.getString("reference"), new Actor(rs.getString("actor_user"), rs.getString("actor_role")),
                        rs.getTimestamp("recorded_at").toInstant()))
                .list();
        return new IndexSetView(json.read(definition), definedAt.toInstant(), corrections);
    }
}
