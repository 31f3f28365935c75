package org.parledger.command.assessment;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.Stage;
import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Which assessments exist for a year and level, and their stage: what publication must check across all of
 * them. Runs in a subscribing processor (see application.yml), so it changes in the very transaction that
 * stores the events it follows and is never behind the command that reads it.
 */
@Component
@ProcessingGroup(AssessmentRegistry.PROCESSING_GROUP)
public class AssessmentRegistry {
    public static final String PROCESSING_GROUP = "command-assessment-registry";

    record Entry(AssessmentId assessment, Stage stage) {
    }

    private final JdbcClient jdbc;

    AssessmentRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Entry> of(int year, Level level) {
        return jdbc.sql("SELECT unit_code, stage FROM cs_assessment WHERE year = :year AND level = :level ORDER BY unit_code")
                .param("year", year).param("level", level.name())
                .query((rs, n) -> new Entry(new AssessmentId(new UnitCode(rs.getString("unit_code")), year),
                        Stage.valueOf(rs.getString("stage"))))
                .list();
    }

    @EventHandler
    void on(AssessmentOpened event) {
        jdbc.sql("INSERT INTO cs_assessment (unit_code, year, level, stage) VALUES (:unit, :year, :level, :stage)")
                .param("unit", event.assessment().unit().value()).param("year", event.assessment().year())
                .param("level", event.level().name()).param("stage", Stage.SELF_ASSESSMENT.name())
                .update();
    }

    @EventHandler
    void on(SelfAssessmentSubmitted event) {
        stage(event.assessment(), Stage.APPRAISAL);
    }

    @EventHandler
    void on(AssessmentVerified event) {
        stage(event.assessment(), Stage.VERIFIED);
    }

    @EventHandler
    void on(AssessmentPublished event) {
        stage(event.assessment(), Stage.PUBLISHED);
    }

    private void stage(AssessmentId assessment, Stage stage) {
        jdbc.sql("UPDATE cs_assessment SET stage = :stage WHERE unit_code = :unit AND year = :year")
                .param("stage", stage.name()).param("unit", assessment.unit().value()).param("year", assessment.year())
                .update();
    }
}
