package org.parledger.query.ranking;

import org.parledger.api.assessment.AppraisalContested;
import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.ContestDecided;
import org.parledger.api.assessment.CriterionMarkedApplicable;
import org.parledger.api.assessment.CriterionMarkedNotApplicable;
import org.parledger.api.assessment.DeductionRecorded;
import org.parledger.api.assessment.PreliminaryResultsSent;
import org.parledger.api.assessment.PublishedScoreCorrected;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.assessment.Stage;
import org.parledger.api.assessment.SurveyScoreRecorded;
import org.parledger.api.assessment.Totals;
import org.parledger.api.indexset.AppraisingAgencyCorrected;
import org.parledger.api.indexset.ApplicabilityCorrected;
import org.parledger.api.indexset.ClassificationBandsCorrected;
import org.parledger.api.indexset.IndexNode;
import org.parledger.api.indexset.IndexSetCorrected;
import org.parledger.api.indexset.IndexSetDefined;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.IndexSetHistory;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.MaximaCorrected;
import org.parledger.api.indexset.MaximumChange;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.indexset.ScoringSourceCorrected;
import org.parledger.query.projection.LedgerEvent;
import org.parledger.query.projection.ProjectionState;
import org.parledger.query.projection.Sql;
import org.parledger.query.support.RulesJson;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Each unit-year's self-assessed, appraised and survey points per leaf, per field and in total, with the index
 * sets' current rules needed to rank and break them down. Totals are recomputed once per write for the
 * assessments whose leaves or rules changed, by the one definition in {@link Totals}. A rule correction
 * recomputes every assessment scored under the corrected set.
 */
final class ScoresState implements ProjectionState {
    final Map<String, IndexSetRow> sets = new HashMap<>();
    final Map<AssessmentId, AssessmentRow> assessments = new LinkedHashMap<>();
    /** Years whose rankings changed since the last write; null in it means every year. */
    final Set<Integer> changedYears = new HashSet<>();
    private final RulesJson json;

    ScoresState(RulesJson json) {
        this.json = json;
    }

    static final class IndexSetRow {
        IndexSetDefinition definition;
        Instant definedAt;
        int corrections;
        boolean isNew;
        boolean rulesChanged;
        final List<Object[]> newCorrections = new ArrayList<>();
        private Map<String, LeafRule> leaves;
        private Map<String, List<LeafRule>> leavesByField;

        IndexSetRow(IndexSetDefinition definition, Instant definedAt, int corrections) {
            this.definition = definition;
            this.definedAt = definedAt;
            this.corrections = corrections;
        }

        Map<String, LeafRule> leaves() {
            if (leaves == null) leaves = definition.leafRules();
            return leaves;
        }

        /** The leaf rules of each field, in document order. */
        Map<String, List<LeafRule>> leavesByField() {
            if (leavesByField == null) {
                leavesByField = new LinkedHashMap<>();
                for (LeafRule rule : leaves().values()) {
                    leavesByField.computeIfAbsent(rule.fieldCode(), f -> new ArrayList<>()).add(rule);
                }
            }
            return leavesByField;
        }

        void correct(IndexSetDefinition corrected) {
            definition = corrected;
            leaves = null;
            leavesByField = null;
            rulesChanged = true;
        }
    }

    static final class AssessmentRow {
        final AssessmentId id;
        final String level;
        final String indexSet;
        /** The province whose round the assessment is in; null for the national round. */
        final String within;
        String stage;
        BigDecimal attainable = BigDecimal.ZERO;
        BigDecimal self = BigDecimal.ZERO;
        BigDecimal appraised = BigDecimal.ZERO;
        BigDecimal survey = BigDecimal.ZERO;
        BigDecimal deducted = BigDecimal.ZERO;
        String publishedDecision;
        LocalDate publishedDecidedOn;
        BigDecimal publishedIndex;
        Integer publishedRank;
        Integer rankedUnits;
        final Map<String, LeafRow> leaves = new LinkedHashMap<>();
        final Set<String> changedLeaves = new HashSet<>();
        boolean changed;
        boolean totalsStale;

        AssessmentRow(AssessmentId id, String level, String indexSet, String within, String stage) {
            this.id = id;
            this.level = level;
            this.indexSet = indexSet;
            this.within = within;
            this.stage = stage;
        }
    }

    static final class LeafRow {
        final String criterion;
        final String fieldCode;
        BigDecimal self;
        BigDecimal appraised;
        BigDecimal survey;
        boolean notApplicable;
        boolean contested;

        LeafRow(String criterion, String fieldCode) {
            this.criterion = criterion;
            this.fieldCode = fieldCode;
        }
    }

    @Override
    public void apply(LedgerEvent event) {
        Object payload = event.payload();
        if (payload instanceof IndexSetDefined e) {
            IndexSetRow set = new IndexSetRow(e.definition(), event.message().getTimestamp(), 0);
            set.isNew = true;
            set.rulesChanged = true;
            sets.put(e.definition().code().value(), set);
        } else if (payload instanceof IndexSetCorrected e) {
            correct(e, event.message().getTimestamp());
        } else if (payload instanceof AssessmentOpened e) {
            AssessmentRow row = new AssessmentRow(e.assessment(), e.level().name(), e.indexSet().value(),
                    e.within() == null ? null : e.within().value(), Stage.SELF_ASSESSMENT.name());
            row.changed = true;
            row.totalsStale = true;
            assessments.put(e.assessment(), row);
            changedYears.add(e.assessment().year());
        } else if (payload instanceof SelfScoreRecorded e) {
            leaf(e.assessment(), e.criterion(), leaf -> leaf.self = e.points());
        } else if (payload instanceof AppraisedScoreRecorded e) {
            leaf(e.assessment(), e.criterion(), leaf -> leaf.appraised = e.points());
        } else if (payload instanceof SurveyScoreRecorded e) {
            leaf(e.assessment(), e.criterion(), leaf -> leaf.survey = e.points());
        } else if (payload instanceof AppraisalContested e) {
            leaf(e.assessment(), e.criterion(), leaf -> leaf.contested = true);
        } else if (payload instanceof ContestDecided e) {
            leaf(e.assessment(), e.criterion(), leaf -> {
                leaf.contested = false;
                leaf.appraised = e.points();
            });
        } else if (payload instanceof PublishedScoreCorrected e) {
            leaf(e.assessment(), e.criterion(), leaf -> {
                if (e.source() == ScoringSource.EVIDENCE) leaf.appraised = e.corrected();
                else leaf.survey = e.corrected();
            });
        } else if (payload instanceof CriterionMarkedNotApplicable e) {
            leaf(e.assessment(), e.criterion(), leaf -> leaf.notApplicable = true);
        } else if (payload instanceof CriterionMarkedApplicable e) {
            leaf(e.assessment(), e.criterion(), leaf -> leaf.notApplicable = false);
        } else if (payload instanceof SelfAssessmentSubmitted e) {
            stage(e.assessment(), Stage.APPRAISAL);
        } else if (payload instanceof PreliminaryResultsSent e) {
            stage(e.assessment(), Stage.FEEDBACK);
        } else if (payload instanceof AssessmentVerified e) {
            stage(e.assessment(), Stage.VERIFIED);
        } else if (payload instanceof DeductionRecorded e) {
            assessment(e.assessment(), row -> row.deducted = row.deducted.add(e.points()));
        } else if (payload instanceof AssessmentPublished e) {
            assessment(e.assessment(), row -> {
                row.stage = Stage.PUBLISHED.name();
                row.publishedDecision = e.decision();
                row.publishedDecidedOn = e.decidedOn();
                row.publishedIndex = e.index();
                row.publishedRank = e.rank();
                row.rankedUnits = e.rankedUnits();
            });
        }
    }

    /** The assessment an event of this projection is about, or null. */
    static AssessmentId assessmentOf(Object payload) {
        if (payload instanceof AssessmentOpened e) return e.assessment();
        if (payload instanceof SelfScoreRecorded e) return e.assessment();
        if (payload instanceof AppraisedScoreRecorded e) return e.assessment();
        if (payload instanceof SurveyScoreRecorded e) return e.assessment();
        if (payload instanceof AppraisalContested e) return e.assessment();
        if (payload instanceof ContestDecided e) return e.assessment();
        if (payload instanceof PublishedScoreCorrected e) return e.assessment();
        if (payload instanceof CriterionMarkedNotApplicable e) return e.assessment();
        if (payload instanceof CriterionMarkedApplicable e) return e.assessment();
        if (payload instanceof SelfAssessmentSubmitted e) return e.assessment();
        if (payload instanceof PreliminaryResultsSent e) return e.assessment();
        if (payload instanceof AssessmentVerified e) return e.assessment();
        if (payload instanceof DeductionRecorded e) return e.assessment();
        if (payload instanceof AssessmentPublished e) return e.assessment();
        return null;
    }

    private void correct(IndexSetCorrected event, Instant at) {
        IndexSetRow set = sets.get(event.indexSet().value());
        if (set == null) return;
        set.correct(IndexSetHistory.fold(set.definition, event));
        for (String[] change : describe(event)) {
            set.newCorrections.add(new Object[]{event.indexSet().value(), ++set.corrections, change[0], change[1],
                    change[2], change[3], event.reason(), event.reference(), event.actor().userId(),
                    event.actor().role(), Sql.utc(at)});
        }
        for (AssessmentRow row : assessments.values()) {
            if (row.indexSet.equals(event.indexSet().value())) row.totalsStale = true;
        }
        changedYears.add(null);
    }

    /** Kind, node, previous and corrected value of each change a correction makes. */
    private static List<String[]> describe(IndexSetCorrected event) {
        List<String[]> changes = new ArrayList<>();
        if (event instanceof MaximaCorrected c) {
            for (MaximumChange m : c.changes()) {
                changes.add(new String[]{"MAXIMUM", m.code(), m.previous().toPlainString(), m.corrected().toPlainString()});
            }
        } else if (event instanceof ScoringSourceCorrected c) {
            changes.add(new String[]{"SCORING_SOURCE", c.code(), c.previous().name(), c.corrected().name()});
        } else if (event instanceof AppraisingAgencyCorrected c) {
            changes.add(new String[]{"APPRAISING_AGENCY", c.code(), c.previous(), c.corrected()});
        } else if (event instanceof ApplicabilityCorrected c) {
            changes.add(new String[]{"NOT_APPLICABLE_ALLOWED", c.code(), String.valueOf(c.previous()), String.valueOf(c.corrected())});
        } else if (event instanceof ClassificationBandsCorrected c) {
            changes.add(new String[]{"CLASSIFICATION_BANDS", null, c.previous().toString(), c.corrected().toString()});
        } else {
            changes.add(new String[]{event.getClass().getSimpleName(), null, null, null});
        }
        return changes;
    }

    private void assessment(AssessmentId id, Consumer<AssessmentRow> change) {
        AssessmentRow row = assessments.get(id);
        if (row == null) return;
        change.accept(row);
        row.changed = true;
        changedYears.add(id.year());
    }

    private void stage(AssessmentId id, Stage stage) {
        AssessmentRow row = assessments.get(id);
        if (row == null) return;
        row.stage = stage.name();
        row.changed = true;
    }

    /** Changes one leaf's row (created at its first score) of a leaf the assessment's set knows. */
    private void leaf(AssessmentId id, String criterion, Consumer<LeafRow> change) {
        AssessmentRow row = assessments.get(id);
        if (row == null) return;
        IndexSetRow set = sets.get(row.indexSet);
        LeafRule rule = set == null ? null : set.leaves().get(criterion);
        if (rule != null) {
            change.accept(row.leaves.computeIfAbsent(criterion, c -> new LeafRow(c, rule.fieldCode())));
            row.changedLeaves.add(criterion);
        }
        row.totalsStale = true;
        changedYears.add(id.year());
    }

    @Override
    public void write(Connection connection, String schema) throws SQLException {
        writeSets(connection, schema);
        List<Object[]> fieldRows = new ArrayList<>();
        List<Object[]> leafRows = new ArrayList<>();
        List<Object[]> assessmentRows = new ArrayList<>();
        for (AssessmentRow row : assessments.values()) {
            if (row.totalsStale) recompute(row, fieldRows);
            for (String criterion : row.changedLeaves) {
                LeafRow leaf = row.leaves.get(criterion);
                leafRows.add(new Object[]{row.id.unit().value(), row.id.year(), leaf.criterion, leaf.fieldCode,
                        leaf.self, leaf.appraised, leaf.survey, leaf.notApplicable, leaf.contested});
            }
            row.changedLeaves.clear();
            if (row.changed) {
                assessmentRows.add(new Object[]{row.id.unit().value(), row.id.year(), row.level, row.indexSet, row.stage,
                        row.attainable, row.self, row.appraised, row.survey, row.deducted, row.publishedDecision,
                        row.publishedDecidedOn, row.publishedIndex, row.publishedRank, row.rankedUnits, row.within});
                row.changed = false;
            }
        }
        Sql.batch(connection, """
                INSERT INTO %s (unit_code, year, level, index_set, stage, attainable_maximum, self_points, appraised_points,
                    survey_points, deducted_points, published_decision, published_decided_on, published_index,
                    published_rank, ranked_units, within_code)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (unit_code, year) DO UPDATE SET stage = EXCLUDED.stage,
                    attainable_maximum = EXCLUDED.attainable_maximum, self_points = EXCLUDED.self_points,
                    appraised_points = EXCLUDED.appraised_points, survey_points = EXCLUDED.survey_points,
                    deducted_points = EXCLUDED.deducted_points, published_decision = EXCLUDED.published_decision,
                    published_decided_on = EXCLUDED.published_decided_on, published_index = EXCLUDED.published_index,
                    published_rank = EXCLUDED.published_rank, ranked_units = EXCLUDED.ranked_units"""
                .formatted(Sql.table(schema, "rv_assessment")), assessmentRows);
        Sql.batch(connection, """
                INSERT INTO %s (unit_code, year, criterion, field_code, self_points, appraised_points, survey_points,
                    not_applicable, contested)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (unit_code, year, criterion) DO UPDATE SET self_points = EXCLUDED.self_points,
                    appraised_points = EXCLUDED.appraised_points, survey_points = EXCLUDED.survey_points,
                    not_applicable = EXCLUDED.not_applicable, contested = EXCLUDED.contested"""
                .formatted(Sql.table(schema, "rv_leaf_score")), leafRows);
        Sql.batch(connection, """
                INSERT INTO %s (unit_code, year, field_code, attainable, self, appraised, survey)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (unit_code, year, field_code) DO UPDATE SET attainable = EXCLUDED.attainable,
                    self = EXCLUDED.self, appraised = EXCLUDED.appraised, survey = EXCLUDED.survey"""
                .formatted(Sql.table(schema, "rv_field_score")), fieldRows);
    }

    /** The assessment's totals per field and in all, from its leaves under the set's current rules. */
    private void recompute(AssessmentRow row, List<Object[]> fieldRows) {
        row.totalsStale = false;
        IndexSetRow set = sets.get(row.indexSet);
        if (set == null) return;
        Map<String, BigDecimal> self = new HashMap<>();
        Map<String, BigDecimal> appraised = new HashMap<>();
        Map<String, BigDecimal> survey = new HashMap<>();
        Set<String> notApplicable = new HashSet<>();
        for (LeafRow leaf : row.leaves.values()) {
            if (leaf.self != null) self.put(leaf.criterion, leaf.self);
            if (leaf.appraised != null) appraised.put(leaf.criterion, leaf.appraised);
            if (leaf.survey != null) survey.put(leaf.criterion, leaf.survey);
            if (leaf.notApplicable) notApplicable.add(leaf.criterion);
        }
        BigDecimal attainable = BigDecimal.ZERO, selfTotal = BigDecimal.ZERO, appraisedTotal = BigDecimal.ZERO,
                surveyTotal = BigDecimal.ZERO;
        for (Map.Entry<String, List<LeafRule>> field : set.leavesByField().entrySet()) {
            Totals totals = Totals.of(field.getValue(), self, appraised, survey, notApplicable, BigDecimal.ZERO);
            fieldRows.add(new Object[]{row.id.unit().value(), row.id.year(), field.getKey(), totals.attainableMaximum(),
                    totals.selfAssessed(), totals.appraised(), totals.survey()});
            attainable = attainable.add(totals.attainableMaximum());
            selfTotal = selfTotal.add(totals.selfAssessed());
            appraisedTotal = appraisedTotal.add(totals.appraised());
            surveyTotal = surveyTotal.add(totals.survey());
        }
        row.attainable = attainable;
        row.self = selfTotal;
        row.appraised = appraisedTotal;
        row.survey = surveyTotal;
        row.changed = true;
    }

    private void writeSets(Connection connection, String schema) throws SQLException {
        for (Map.Entry<String, IndexSetRow> entry : sets.entrySet()) {
            IndexSetRow row = entry.getValue();
            IndexSetDefinition set = row.definition;
            String code = entry.getKey();
            if (row.isNew) {
                Sql.update(connection, """
                                INSERT INTO %s (code, title, decision, decision_date, level, from_year, to_year, scale,
                                                definition, defined_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)""".formatted(Sql.table(schema, "rv_index_set")),
                        code, set.title(), set.decision(), set.decisionDate(), set.level().name(), set.fromYear(),
                        set.toYear(), set.scale(), json.write(set), Sql.utc(row.definedAt));
            } else if (row.rulesChanged) {
                Sql.update(connection, "UPDATE %s SET definition = CAST(? AS jsonb) WHERE code = ?"
                        .formatted(Sql.table(schema, "rv_index_set")), json.write(set), code);
                Sql.update(connection, "DELETE FROM %s WHERE index_set = ?".formatted(Sql.table(schema, "rv_index_leaf")), code);
                Sql.update(connection, "DELETE FROM %s WHERE index_set = ?".formatted(Sql.table(schema, "rv_index_field")), code);
            }
            if (row.rulesChanged) writeRules(connection, schema, set);
            Sql.batch(connection, """
                    INSERT INTO %s (index_set, number, kind, node_code, previous, corrected, reason, reference, actor_user,
                                    actor_role, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""".formatted(Sql.table(schema, "rv_index_set_correction")),
                    row.newCorrections);
            row.newCorrections.clear();
            row.isNew = false;
            row.rulesChanged = false;
        }
    }

    private static void writeRules(Connection connection, String schema, IndexSetDefinition set) throws SQLException {
        String code = set.code().value();
        List<Object[]> fields = new ArrayList<>();
        for (int position = 0; position < set.fields().size(); position++) {
            IndexNode field = set.fields().get(position);
            fields.add(new Object[]{code, field.code(), field.title(), field.maximum(), position});
        }
        Sql.batch(connection, "INSERT INTO %s (index_set, code, title, maximum, position) VALUES (?, ?, ?, ?, ?)"
                .formatted(Sql.table(schema, "rv_index_field")), fields);
        List<Object[]> leaves = new ArrayList<>();
        int position = 0;
        for (LeafRule leaf : set.leafRules().values()) {
            leaves.add(new Object[]{code, leaf.code(), leaf.fieldCode(), leaf.maximum(), leaf.source().name(),
                    set.node(leaf.code()).map(IndexNode::title).orElse(null), leaf.appraisingAgency(),
                    leaf.notApplicableAllowed(), position++});
        }
        Sql.batch(connection, """
                INSERT INTO %s (index_set, code, field_code, maximum, source, title, appraising_agency,
                                not_applicable_allowed, position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""".formatted(Sql.table(schema, "rv_index_leaf")), leaves);
    }
}
