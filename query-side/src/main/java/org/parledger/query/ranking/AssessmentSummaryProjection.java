package org.parledger.query.ranking;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.assessment.Stage;
import org.parledger.api.assessment.SurveyScoreRecorded;
import org.parledger.api.indexset.IndexNode;
import org.parledger.api.indexset.IndexSetDefined;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.unit.UnitRegistered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.List;

/**
 * Keeps each unit-year's self-assessed, appraised and survey points, per leaf and in total, together with
 * the units and index-set structure needed to rank and break them down. Runs in the processor's transaction,
 * so a row and the processor's token move together.
 */
@Component
@ProcessingGroup(AssessmentSummaryProjection.PROCESSING_GROUP)
class AssessmentSummaryProjection {
    static final String PROCESSING_GROUP = "assessment-summaries-v1";

    private final JdbcClient jdbc;

    AssessmentSummaryProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UnitRegistered event) {
        jdbc.sql("""
                        INSERT INTO rv_unit (code, name, level, parent_code, established_on)
                        VALUES (:code, :name, :level, :parent, :established)
                        ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level,
                            parent_code = EXCLUDED.parent_code, established_on = EXCLUDED.established_on""")
                .param("code", event.unit().value())
                .param("name", event.name())
                .param("level", event.level().name())
                .param("parent", event.parent() == null ? null : event.parent().value())
                .param("established", event.establishedOn())
                .update();
    }

    @EventHandler
    void on(IndexSetDefined event) {
        IndexSetDefinition set = event.definition();
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
        for (LeafRule leaf : set.leafRules().values()) {
            jdbc.sql("""
                            INSERT INTO rv_index_leaf (index_set, code, field_code, maximum, source)
                            VALUES (:set, :code, :field, :maximum, :source)""")
                    .param("set", code).param("code", leaf.code()).param("field", leaf.fieldCode())
                    .param("maximum", leaf.maximum()).param("source", leaf.source().name())
                    .update();
        }
    }

    @EventHandler
    void on(AssessmentOpened event) {
        jdbc.sql("""
                        INSERT INTO rv_assessment (unit_code, year, level, index_set, stage, attainable_maximum)
                        SELECT :unit, :year, :level, :set, :stage, COALESCE(SUM(maximum), 0)
                        FROM rv_index_leaf WHERE index_set = :set""")
                .param("unit", event.assessment().unit().value())
                .param("year", event.assessment().year())
                .param("level", event.level().name())
                .param("set", event.indexSet().value())
                .param("stage", Stage.SELF_ASSESSMENT.name())
                .update();
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

    /** Stores a leaf's points at one stage and recomputes that stage's total from the leaves. */
    private void recordLeaf(AssessmentId assessment, String criterion, String column, BigDecimal points) {
        String unit = assessment.unit().value();
        int year = assessment.year();
        jdbc.sql("""
                        INSERT INTO rv_leaf_score (unit_code, year, criterion, field_code, %1$s)
                        SELECT a.unit_code, a.year, l.code, l.field_code, :points
                        FROM rv_assessment a JOIN rv_index_leaf l ON l.index_set = a.index_set AND l.code = :criterion
                        WHERE a.unit_code = :unit AND a.year = :year
                        ON CONFLICT (unit_code, year, criterion) DO UPDATE SET %1$s = EXCLUDED.%1$s""".formatted(column))
                .param("unit", unit).param("year", year).param("criterion", criterion).param("points", points)
                .update();
        jdbc.sql("""
                        UPDATE rv_assessment SET %1$s = (SELECT COALESCE(SUM(%1$s), 0) FROM rv_leaf_score
                                                         WHERE unit_code = :unit AND year = :year)
                        WHERE unit_code = :unit AND year = :year""".formatted(column))
                .param("unit", unit).param("year", year)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE rv_leaf_score, rv_assessment, rv_index_leaf, rv_index_field, rv_unit").update();
    }
}
