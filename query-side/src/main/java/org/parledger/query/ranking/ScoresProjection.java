package org.parledger.query.ranking;

import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.indexset.IndexSetCorrected;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.unit.UnitCode;
import org.parledger.query.projection.BatchProjection;
import org.parledger.query.projection.LedgerEvent;
import org.parledger.query.projection.Sql;
import org.parledger.query.support.RulesJson;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Scores per leaf, field and assessment, and the index sets' rules: what rankings, assessments and journeys read. */
@Order(1)
@Component
public class ScoresProjection extends BatchProjection<ScoresState> {
    public static final String NAME = "scores";
    public static final String PROCESSING_GROUP = "scores-v1";

    private final RulesJson json;
    /** Parsed rules by set code with the JSON they were parsed from: a batch re-reads the JSON, rarely re-parses it. */
    private final Map<String, ParsedRules> parsed = new ConcurrentHashMap<>();

    private record ParsedRules(String json, IndexSetDefinition definition) {
    }

    ScoresProjection(RulesJson json) {
        super(NAME, PROCESSING_GROUP, List.of("rv_index_set", "rv_index_field", "rv_index_leaf", "rv_index_set_correction",
                "rv_assessment", "rv_leaf_score", "rv_field_score"));
        this.json = json;
    }

    @Override
    public ScoresState empty() {
        return new ScoresState(json);
    }

    @Override
    public ScoresState loadTouched(Connection connection, String schema, List<LedgerEvent> batch) throws SQLException {
        Set<AssessmentId> touched = new HashSet<>();
        Set<String> sets = new HashSet<>();
        Set<String> corrected = new HashSet<>();
        for (LedgerEvent event : batch) {
            Object payload = event.payload();
            AssessmentId assessment = ScoresState.assessmentOf(payload);
            if (assessment != null) touched.add(assessment);
            if (payload instanceof AssessmentOpened e) sets.add(e.indexSet().value());
            if (payload instanceof IndexSetCorrected e) corrected.add(e.indexSet().value());
        }
        ScoresState state = empty();
        if (!touched.isEmpty() || !corrected.isEmpty()) {
            List<String> units = new ArrayList<>();
            List<Integer> years = new ArrayList<>();
            for (AssessmentId id : touched) {
                units.add(id.unit().value());
                years.add(id.year());
            }
            loadAssessments(connection, schema, state,
                    "(a.unit_code, a.year) IN (SELECT * FROM unnest(?::text[], ?::int[])) OR a.index_set = ANY(?::text[])",
                    Sql.textArray(connection, units), Sql.intArray(connection, years), Sql.textArray(connection, corrected));
        }
        sets.addAll(corrected);
        for (ScoresState.AssessmentRow row : state.assessments.values()) sets.add(row.indexSet);
        if (!sets.isEmpty()) loadSets(connection, schema, state, "s.code = ANY(?::text[])", Sql.textArray(connection, sets));
        return state;
    }

    @Override
    public ScoresState loadAll(Connection connection, String schema) throws SQLException {
        ScoresState state = empty();
        loadAssessments(connection, schema, state, "TRUE");
        loadSets(connection, schema, state, "TRUE");
        return state;
    }

    private void loadSets(Connection connection, String schema, ScoresState state, String where, Object... parameters)
            throws SQLException {
        String sql = """
                SELECT s.code, s.definition::text, s.defined_at,
                       (SELECT COUNT(*) FROM %s c WHERE c.index_set = s.code)
                FROM %s s WHERE %s""".formatted(Sql.table(schema, "rv_index_set_correction"),
                Sql.table(schema, "rv_index_set"), where);
        Sql.query(connection, sql, parameters, rs -> {
            String code = rs.getString(1);
            String text = rs.getString(2);
            ParsedRules rules = parsed.get(code);
            if (rules == null || !rules.json().equals(text)) {
                rules = new ParsedRules(text, json.read(text));
                parsed.put(code, rules);
            }
            state.sets.put(code, new ScoresState.IndexSetRow(rules.definition(),
                    rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getInt(4)));
        });
    }

    private static void loadAssessments(Connection connection, String schema, ScoresState state, String where,
                                        Object... parameters) throws SQLException {
        Sql.query(connection, """
                SELECT a.unit_code, a.year, a.level, a.index_set, a.stage, a.attainable_maximum, a.self_points,
                       a.appraised_points, a.survey_points, a.deducted_points, a.published_decision,
                       a.published_decided_on, a.published_index, a.published_rank, a.ranked_units
                FROM %s a WHERE %s""".formatted(Sql.table(schema, "rv_assessment"), where), parameters, rs -> {
            ScoresState.AssessmentRow row = new ScoresState.AssessmentRow(
                    new AssessmentId(new UnitCode(rs.getString(1)), rs.getInt(2)), rs.getString(3), rs.getString(4),
                    rs.getString(5));
            row.attainable = rs.getBigDecimal(6);
            row.self = rs.getBigDecimal(7);
            row.appraised = rs.getBigDecimal(8);
            row.survey = rs.getBigDecimal(9);
            row.deducted = rs.getBigDecimal(10);
            row.publishedDecision = rs.getString(11);
            row.publishedDecidedOn = rs.getObject(12, java.time.LocalDate.class);
            row.publishedIndex = rs.getBigDecimal(13);
            row.publishedRank = (Integer) rs.getObject(14);
            row.rankedUnits = (Integer) rs.getObject(15);
            state.assessments.put(row.id, row);
        });
        Sql.query(connection, """
                SELECT l.unit_code, l.year, l.criterion, l.field_code, l.self_points, l.appraised_points, l.survey_points,
                       l.not_applicable, l.contested
                FROM %s l JOIN %s a ON a.unit_code = l.unit_code AND a.year = l.year WHERE %s"""
                .formatted(Sql.table(schema, "rv_leaf_score"), Sql.table(schema, "rv_assessment"), where), parameters, rs -> {
            ScoresState.AssessmentRow row = state.assessments.get(new AssessmentId(new UnitCode(rs.getString(1)), rs.getInt(2)));
            ScoresState.LeafRow leaf = new ScoresState.LeafRow(rs.getString(3), rs.getString(4));
            leaf.self = rs.getBigDecimal(5);
            leaf.appraised = rs.getBigDecimal(6);
            leaf.survey = rs.getBigDecimal(7);
            leaf.notApplicable = rs.getBoolean(8);
            leaf.contested = rs.getBoolean(9);
            row.leaves.put(leaf.criterion, leaf);
        });
    }
}
