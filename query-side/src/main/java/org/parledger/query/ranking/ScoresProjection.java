package org.parledger.query.ranking;

import org.parledger.api.StreamIds;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.indexset.IndexSetCorrected;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetDefined;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.unit.UnitCode;
import org.parledger.query.projection.BatchProjection;
import org.parledger.query.projection.LedgerEvent;
import org.parledger.query.projection.ParkedEvents;
import org.parledger.query.projection.NotProjectedYet;
import org.parledger.query.projection.Sql;
import org.parledger.query.support.ProjectionProperties;
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
import java.util.concurrent.TimeUnit;

/** Scores per leaf, field and assessment, and the index sets' rules: what rankings, assessments and journeys read. */
@Order(1)
@Component
public class ScoresProjection extends BatchProjection<ScoresState> {
    public static final String NAME = "scores";
    public static final String PROCESSING_GROUP = "scores-v1";
    /** The sequence key of every index set's events (see {@link #sequenceOf}). */
    public static final String INDEX_SETS = "index-sets";
    /** The tables it owns (emptied by a reset, rebuilt by a replay). */
    public static final List<String> TABLES = List.of("rv_index_set", "rv_index_field", "rv_index_leaf",
            "rv_index_set_correction", "rv_assessment", "rv_leaf_score", "rv_field_score");

    private final RulesJson json;
    /** Parsed rules by set code with the JSON they were parsed from: a batch re-reads the JSON, rarely re-parses it. */
    private final Map<String, ParsedRules> parsed = new ConcurrentHashMap<>();

    private record ParsedRules(String json, IndexSetDefinition definition) {
    }

    private final ProjectionProperties properties;

    ScoresProjection(RulesJson json, ProjectionProperties properties) {
        super(NAME, PROCESSING_GROUP, TABLES);
        this.json = json;
        this.properties = properties;
    }

    @Override
    public ScoresState empty() {
        return new ScoresState(json);
    }

    /**
     * Loads what a live batch touches. The projection runs in several segments, each event keyed by what it changes
     * ({@link #sequenceOf}), so a segment may meet an assessment before another segment has projected its index set,
     * and a rule correction recomputes assessments that other segments are scoring. So a batch first locks the sets it
     * scores under, exclusively those it corrects, in code order, and waits for a set not projected yet; only then
     * reads the assessments, which are therefore never written by two batches at once on stale rules.
     */
    @Override
    public ScoresState loadTouched(Connection connection, String schema, List<LedgerEvent> batch) throws SQLException {
        Set<AssessmentId> touched = new HashSet<>();
        Set<String> sets = new HashSet<>();
        Set<String> corrected = new HashSet<>();
        Set<String> defined = new HashSet<>();
        for (LedgerEvent event : batch) {
            Object payload = event.payload();
            AssessmentId assessment = ScoresState.assessmentOf(payload);
            if (assessment != null) touched.add(assessment);
            if (payload instanceof AssessmentOpened e) sets.add(e.indexSet().value());
            if (payload instanceof IndexSetCorrected e) corrected.add(e.indexSet().value());
            if (payload instanceof IndexSetDefined e) defined.add(e.definition().code().value());
        }
        List<String> units = new ArrayList<>();
        List<Integer> years = new ArrayList<>();
        for (AssessmentId id : touched) {
            units.add(id.unit().value());
            years.add(id.year());
        }
        corrected.removeAll(defined);
        if (!corrected.isEmpty()) {
            Sql.query(connection, "SELECT code FROM %s WHERE code = ANY(?::text[]) ORDER BY code FOR UPDATE"
                    .formatted(Sql.table(schema, "rv_index_set")), new Object[]{Sql.textArray(connection, corrected)}, rs -> { });
        }
        Set<String> opened = new HashSet<>(sets);
        opened.removeAll(defined);
        if (!touched.isEmpty()) lockSetsScoredUnder(connection, schema, opened, units, years);
        ScoresState state = empty();
        if (!touched.isEmpty() || !corrected.isEmpty()) {
            loadAssessments(connection, schema, state,
                    "(a.unit_code, a.year) IN (SELECT * FROM unnest(?::text[], ?::int[])) OR a.index_set = ANY(?::text[])",
                    Sql.textArray(connection, units), Sql.intArray(connection, years), Sql.textArray(connection, corrected));
        }
        sets.addAll(corrected);
        for (ScoresState.AssessmentRow row : state.assessments.values()) sets.add(row.indexSet);
        sets.removeAll(defined);
        if (!sets.isEmpty()) loadSets(connection, schema, state, "s.code = ANY(?::text[])", Sql.textArray(connection, sets));
        return state;
    }

    /**
     * Shares the locks of the sets the touched assessments are scored under (a correction takes them exclusively), and
     * waits a bounded time for sets that assessments opened in this batch name but another segment has not projected
     * yet. A set that never comes is parked (its stream's events wait for a retry), and then so is this event;
     * otherwise the batch fails as transient and its processor tries it again.
     */
    private void lockSetsScoredUnder(Connection connection, String schema, Set<String> opened, List<String> units,
                                     List<Integer> years) throws SQLException {
        String lock = """
                SELECT s.code FROM %s s
                WHERE s.code = ANY(?::text[])
                   OR s.code IN (SELECT a.index_set FROM %s a WHERE (a.unit_code, a.year) IN (SELECT * FROM unnest(?::text[], ?::int[])))
                ORDER BY s.code FOR SHARE""".formatted(Sql.table(schema, "rv_index_set"), Sql.table(schema, "rv_assessment"));
        Set<String> missing = new HashSet<>(opened);
        Object[] parameters = {Sql.textArray(connection, opened), Sql.textArray(connection, units), Sql.intArray(connection, years)};
        Sql.query(connection, lock, parameters, rs -> missing.remove(rs.getString(1)));
        if (missing.isEmpty()) return;
        long deadline = System.nanoTime() + properties.setWait().toNanos();
        long pause = 2;
        while (!missing.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new NotProjectedYet(missing, ParkedEvents.isParked(connection, PROCESSING_GROUP,
                        missing.stream().map(code -> StreamIds.indexSet(new IndexSetCode(code))).toList()));
            }
            try {
                TimeUnit.MILLISECONDS.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for index sets " + missing, e);
            }
            pause = Math.min(pause * 2, 50);
            Sql.query(connection, "SELECT code FROM %s WHERE code = ANY(?::text[]) ORDER BY code FOR SHARE"
                            .formatted(Sql.table(schema, "rv_index_set")), new Object[]{Sql.textArray(connection, missing)},
                    rs -> missing.remove(rs.getString(1)));
        }
    }

    /**
     * The entity an event changes, which keys its segment: an assessment's events from its own stream, the
     * publication's and the survey's all go where the assessment's are, in ledger order. Every index set's events go
     * to one segment ({@link #INDEX_SETS}): that segment never waits for another's sets, so batches cannot wait for
     * each other. Spread by set, two segments catching up on a ledger could each hold, uncommitted, a set that an
     * assessment in the other's batch is opened under, and both waited, gave up and tried again the same way (a new
     * node's read model over Axon Server stayed NOT_CAUGHT_UP; docs/measurements.md, twelfth session).
     */
    @Override
    public String sequenceOf(Object payload) {
        AssessmentId assessment = ScoresState.assessmentOf(payload);
        if (assessment != null) return StreamIds.assessment(assessment);
        if (payload instanceof IndexSetDefined || payload instanceof IndexSetCorrected) return INDEX_SETS;
        return null;
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
                       a.published_decided_on, a.published_index, a.published_rank, a.ranked_units, a.within_code
                FROM %s a WHERE %s""".formatted(Sql.table(schema, "rv_assessment"), where), parameters, rs -> {
            ScoresState.AssessmentRow row = new ScoresState.AssessmentRow(
                    new AssessmentId(new UnitCode(rs.getString(1)), rs.getInt(2)), rs.getString(3), rs.getString(4),
                    rs.getString(16), rs.getString(5));
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
