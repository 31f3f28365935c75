package org.parledger.query.ranking;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AppraisalContested;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.ContestDecided;
import org.parledger.api.assessment.PreliminaryResultsSent;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.PublishedScoreCorrected;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.DeductionRecorded;
import org.parledger.api.assessment.CriterionMarkedApplicable;
import org.parledger.api.assessment.CriterionMarkedNotApplicable;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.assessment.Stage;
import org.parledger.api.assessment.SurveyScoreRecorded;
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
import org.parledger.api.indexset.ScoringSourceCorrected;
import org.parledger.api.ranking.FindRanking;
import org.parledger.api.ranking.RankingChanged;
import org.parledger.query.support.ReadModel;
import org.parledger.query.support.RulesJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps each unit-year's self-assessed, appraised and survey points, per leaf and in total, together with
 * the index sets' current rules needed to rank and break them down. A rule correction
 * recomputes every assessment scored under the corrected set. Runs in the processor's transaction, so the
 * rows and the processor's token move together.
 */
@Component
@ProcessingGroup(ReadModel.PROCESSING_GROUP)
class AssessmentSummaryProjection {

    private final JdbcClient jdbc;
    private final RulesJson json;
    private final QueryUpdateEmitter updates;

    AssessmentSummaryProjection(JdbcClient jdbc, RulesJson json, QueryUpdateEmitter updates) {
        this.jdbc = jdbc;
        this.json = json;
        this.updates = updates;
    }

    /** Tells ranking subscribers of the year (every year when null) that its figures changed; sent on commit. */
    private void changed(Integer year) {
        updates.emit(FindRanking.class, query -> year == null || query.year() == year || query.year() == year + 1,
                new RankingChanged(year, null));
    }

    @EventHandler
    void on(IndexSetDefined event, @Timestamp Instant at) {
        IndexSetDefinition set = event.definition();
        jdbc.sql("""
                        INSERT INTO rv_index_set (code, title, decision, decision_date, level, from_year, to_year, scale,
                                                  definition, defined_at)
                        VALUES (:code, :title, :decision, :date, :level, :from, :to, :scale, CAST(:definition AS jsonb), :at)""")
                .param("code", set.code().value()).param("title", set.title()).param("decision", set.decision())
                .param("date", set.decisionDate()).param("level", set.level().name())
                .param("from", set.fromYear()).param("to", set.toYear()).param("scale", set.scale())
                .param("definition", json.write(set)).param("at", at.atOffset(ZoneOffset.UTC))
                .update();
        writeRules(set);
    }

    @EventHandler
    void on(IndexSetCorrected event, @Timestamp Instant at) {
        String code = event.indexSet().value();
        IndexSetDefinition before = json.read(jdbc.sql("SELECT definition::text FROM rv_index_set WHERE code = :code")
                .param("code", code).query(String.class).single());
        IndexSetDefinition after = IndexSetHistory.fold(before, event);
        jdbc.sql("UPDATE rv_index_set SET definition = CAST(:definition AS jsonb) WHERE code = :code")
                .param("definition", json.write(after)).param("code", code).update();
        jdbc.sql("DELETE FROM rv_index_leaf WHERE index_set = :code").param("code", code).update();
        jdbc.sql("DELETE FROM rv_index_field WHERE index_set = :code").param("code", code).update();
        writeRules(after);
        int number = jdbc.sql("SELECT COUNT(*) FROM rv_index_set_correction WHERE index_set = :code")
                .param("code", code).query(Integer.class).single();
        for (String[] change : describe(event)) {
            jdbc.sql("""
                            INSERT INTO rv_index_set_correction (index_set, number, kind, node_code, previous, corrected,
                                                                 reason, reference, actor_user, actor_role, recorded_at)
                            VALUES (:set, :number, :kind, :node, :previous, :corrected, :reason, :reference, :user, :role, :at)""")
                    .param("set", code).param("number", ++number).param("kind", change[0]).param("node", change[1])
                    .param("previous", change[2]).param("corrected", change[3])
                    .param("reason", event.reason()).param("reference", event.reference())
                    .param("user", event.actor().userId()).param("role", event.actor().role())
                    .param("at", at.atOffset(ZoneOffset.UTC))
                    .update();
        }
        recompute("a.index_set = :set", Map.of("set", code));
        changed(null);
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

    private void writeRules(IndexSetDefinition set) {
        String code = set.code().value();
        List<IndexNode> fields = set.fields();
        for (int position = 0; position < fields.size(); position++) {
            IndexNode field = fields.get(position);
            jdbc.sql("""
                            INSERT INTO rv_index_field (index_set, code, title, maximum, position)
                            VALUES (:set, :code, :title, :maximum, :position)""")
                    .param("set", code).param("code", field.code()).param("title", field.title())
                    .param("maximum", field.maximum()).param("position", position)
                    .update();
        }
        int position = 0;
        for (LeafRule leaf : set.leafRules().values()) {
            jdbc.sql("""
                            INSERT INTO rv_index_leaf (index_set, code, field_code, maximum, source, title,
                                                       appraising_agency, not_applicable_allowed, position)
                            VALUES (:set, :code, :field, :maximum, :source, :title, :agency, :na, :position)""")
                    .param("set", code).param("code", leaf.code()).param("field", leaf.fieldCode())
                    .param("maximum", leaf.maximum()).param("source", leaf.source().name())
                    .param("title", set.node(leaf.code()).map(IndexNode::title).orElse(null))
                    .param("agency", leaf.appraisingAgency()).param("na", leaf.notApplicableAllowed())
                    .param("position", position++)
                    .update();
        }
    }

    @EventHandler
    void on(AssessmentOpened event) {
        jdbc.sql("""
                        INSERT INTO rv_assessment (unit_code, year, level, index_set, stage, attainable_maximum)
                        VALUES (:unit, :year, :level, :set, :stage, 0)""")
                .param("unit", event.assessment().unit().value())
                .param("year", event.assessment().year())
                .param("level", event.level().name())
                .param("set", event.indexSet().value())
                .param("stage", Stage.SELF_ASSESSMENT.name())
                .update();
        recompute(event.assessment());
    }

    @EventHandler
    void on(SelfScoreRecorded event) {
        recordLeaf(event.assessment(), event.criterion(), "self_points", event.points());
    }

    @EventHandler
    void on(SelfAssessmentSubmitted event) {
        jdbc.sql("UPDATE rv_assessment SET stage = :stage WHERE unit_code = :unit AND year = :year")
                .param("stage", Stage.APPRAISAL.name())
                .param("unit", event.assessment().unit().value())
                .param("year", event.assessment().year())
                .update();
    }

    @EventHandler
    void on(AppraisedScoreRecorded event) {
        recordLeaf(event.assessment(), event.criterion(), "appraised_points", event.points());
    }

    @EventHandler
    void on(SurveyScoreRecorded event) {
        recordLeaf(event.assessment(), event.criterion(), "survey_points", event.points());
    }

    @EventHandler
    void on(DeductionRecorded event) {
        jdbc.sql("UPDATE rv_assessment SET deducted_points = deducted_points + :points WHERE unit_code = :unit AND year = :year")
                .param("points", event.points())
                .param("unit", event.assessment().unit().value()).param("year", event.assessment().year())
                .update();
        changed(event.assessment().year());
    }

    @EventHandler
    void on(AssessmentVerified event) {
        jdbc.sql("UPDATE rv_assessment SET stage = :stage WHERE unit_code = :unit AND year = :year")
                .param("stage", Stage.VERIFIED.name())
                .param("unit", event.assessment().unit().value()).param("year", event.assessment().year())
                .update();
    }

    @EventHandler
    void on(PreliminaryResultsSent event) {
        jdbc.sql("UPDATE rv_assessment SET stage = :stage WHERE unit_code = :unit AND year = :year")
                .param("stage", Stage.FEEDBACK.name())
                .param("unit", event.assessment().unit().value()).param("year", event.assessment().year())
                .update();
    }

    @EventHandler
    void on(AppraisalContested event) {
        recordLeaf(event.assessment(), event.criterion(), "contested", true);
    }

    @EventHandler
    void on(ContestDecided event) {
        recordLeaf(event.assessment(), event.criterion(), "contested", false);
        recordLeaf(event.assessment(), event.criterion(), "appraised_points", event.points());
    }

    @EventHandler
    void on(AssessmentPublished event) {
        jdbc.sql("""
                        UPDATE rv_assessment SET stage = :stage, published_decision = :decision, published_decided_on = :on,
                            published_index = :index, published_rank = :rank, ranked_units = :of
                        WHERE unit_code = :unit AND year = :year""")
                .param("stage", Stage.PUBLISHED.name()).param("decision", event.decision()).param("on", event.decidedOn())
                .param("index", event.index()).param("rank", event.rank()).param("of", event.rankedUnits())
                .param("unit", event.assessment().unit().value()).param("year", event.assessment().year())
                .update();
        changed(event.assessment().year());
    }

    @EventHandler
    void on(PublishedScoreCorrected event) {
        recordLeaf(event.assessment(), event.criterion(),
                event.source() == ScoringSource.EVIDENCE ? "appraised_points" : "survey_points", event.corrected());
    }

    @EventHandler
    void on(CriterionMarkedNotApplicable event) {
        recordLeaf(event.assessment(), event.criterion(), "not_applicable", true);
    }

    @EventHandler
    void on(CriterionMarkedApplicable event) {
        recordLeaf(event.assessment(), event.criterion(), "not_applicable", false);
    }

    /** Stores one column of a leaf's row and recomputes the assessment's totals. */
    private void recordLeaf(AssessmentId assessment, String criterion, String column, Object value) {
        jdbc.sql("""
                        INSERT INTO rv_leaf_score (unit_code, year, criterion, field_code, %1$s)
                        SELECT a.unit_code, a.year, l.code, l.field_code, :value
                        FROM rv_assessment a JOIN rv_index_leaf l ON l.index_set = a.index_set AND l.code = :criterion
                        WHERE a.unit_code = :unit AND a.year = :year
                        ON CONFLICT (unit_code, year, criterion) DO UPDATE SET %1$s = EXCLUDED.%1$s""".formatted(column))
                .param("unit", assessment.unit().value()).param("year", assessment.year())
                .param("criterion", criterion).param("value", value)
                .update();
        recompute(assessment);
    }

    private void recompute(AssessmentId assessment) {
        recompute("a.unit_code = :unit AND a.year = :year",
                Map.of("unit", assessment.unit().value(), "year", assessment.year()));
        changed(assessment.year());
    }

    /**
     * Recomputes the totals per field and then per assessment from the leaves under the current rules, by
     * {@link ScoreSql#CAPPED_SUMS}.
     */
    private void recompute(String scope, Map<String, ?> parameters) {
        jdbc.sql("""
                        INSERT INTO rv_field_score (unit_code, year, field_code, attainable, self, appraised, survey)
                        SELECT a.unit_code, a.year, l.field_code,
                               COALESCE(SUM(l.maximum) FILTER (WHERE NOT COALESCE(p.not_applicable, FALSE)), 0),
                               %s
                        FROM rv_assessment a
                        JOIN rv_index_leaf l ON l.index_set = a.index_set
                        LEFT JOIN rv_leaf_score p ON p.unit_code = a.unit_code AND p.year = a.year AND p.criterion = l.code
                        WHERE %s
                        GROUP BY a.unit_code, a.year, l.field_code
                        ON CONFLICT (unit_code, year, field_code) DO UPDATE SET attainable = EXCLUDED.attainable,
                            self = EXCLUDED.self, appraised = EXCLUDED.appraised, survey = EXCLUDED.survey""".formatted(
                        ScoreSql.CAPPED_SUMS, scope))
                .params(parameters)
                .update();
        jdbc.sql("""
                        UPDATE rv_assessment t
                        SET attainable_maximum = s.attainable, self_points = s.self, appraised_points = s.appraised,
                            survey_points = s.survey
                        FROM (SELECT f.unit_code, f.year, SUM(f.attainable) AS attainable, SUM(f.self) AS self,
                                     SUM(f.appraised) AS appraised, SUM(f.survey) AS survey
                              FROM rv_assessment a JOIN rv_field_score f ON f.unit_code = a.unit_code AND f.year = a.year
                              WHERE %s
                              GROUP BY f.unit_code, f.year) s
                        WHERE t.unit_code = s.unit_code AND t.year = s.year""".formatted(scope))
                .params(parameters)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("""
                TRUNCATE rv_leaf_score, rv_field_score, rv_assessment, rv_index_leaf, rv_index_field, rv_index_set,
                         rv_index_set_correction""").update();
    }
}
