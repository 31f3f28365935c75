package org.parledger.query.ranking;

import org.axonframework.queryhandling.QueryHandler;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.Stage;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.ranking.AssessmentSummary;
import org.parledger.api.ranking.FieldPoints;
import org.parledger.api.ranking.FindAssessment;
import org.parledger.api.ranking.FindRanking;
import org.parledger.api.ranking.Ranking;
import org.parledger.api.ranking.RankingEntry;
import org.parledger.api.ranking.ScoreStage;
import org.parledger.api.unit.UnitCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import static org.parledger.query.ranking.Indices.plain;

/** Answers ranking and assessment queries from the assessment-summaries read model. */
@Component
class AssessmentSummaryQueries {
    private final JdbcClient jdbc;

    AssessmentSummaryQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Ranking handle(FindRanking query) {
        String evidenceColumn = query.stage() == ScoreStage.SELF_ASSESSED ? "a.self_points" : "a.appraised_points";
        List<RankingEntry> entries = jdbc.sql("""
                        SELECT a.unit_code, u.name, a.index_set, a.attainable_maximum,
                               %s + a.survey_points AS points
                        FROM rv_assessment a JOIN rv_unit u ON u.code = a.unit_code
                        WHERE a.year = :year AND a.level = :level""".formatted(evidenceColumn))
                .param("year", query.year())
                .param("level", query.level().name())
                .query((rs, n) -> {
                    BigDecimal points = plain(rs.getBigDecimal("points"));
                    BigDecimal maximum = plain(rs.getBigDecimal("attainable_maximum"));
                    return new RankingEntry(0, new UnitCode(rs.getString("unit_code")), rs.getString("name"),
                            Indices.index(points, maximum), points, maximum,
                            new IndexSetCode(rs.getString("index_set")));
                })
                .list();
        return new Ranking(query.year(), query.level(), query.stage(), Indices.rank(entries));
    }

    @QueryHandler
    Optional<AssessmentSummary> handle(FindAssessment query) {
        AssessmentId id = query.assessment();
        List<FieldPoints> fields = jdbc.sql("""
                        SELECT f.code, f.title, f.maximum,
                               COALESCE(SUM(s.self_points), 0) AS self, COALESCE(SUM(s.appraised_points), 0) AS appraised,
                               COALESCE(SUM(s.survey_points), 0) AS survey
                        FROM rv_assessment a
                        JOIN rv_index_field f ON f.index_set = a.index_set
                        LEFT JOIN rv_leaf_score s ON s.unit_code = a.unit_code AND s.year = a.year AND s.field_code = f.code
                        WHERE a.unit_code = :unit AND a.year = :year
                        GROUP BY f.code, f.title, f.maximum, f.position
                        ORDER BY f.position""")
                .param("unit", id.unit().value()).param("year", id.year())
                .query((rs, n) -> new FieldPoints(rs.getString("code"), rs.getString("title"),
                        plain(rs.getBigDecimal("maximum")), plain(rs.getBigDecimal("self")),
                        plain(rs.getBigDecimal("appraised")), plain(rs.getBigDecimal("survey"))))
                .list();
        return jdbc.sql("""
                        SELECT u.name, a.level, a.index_set, a.stage, a.attainable_maximum,
                               a.self_points, a.appraised_points, a.survey_points
                        FROM rv_assessment a JOIN rv_unit u ON u.code = a.unit_code
                        WHERE a.unit_code = :unit AND a.year = :year""")
                .param("unit", id.unit().value()).param("year", id.year())
                .query((rs, n) -> {
                    BigDecimal maximum = plain(rs.getBigDecimal("attainable_maximum"));
                    BigDecimal survey = plain(rs.getBigDecimal("survey_points"));
                    BigDecimal self = plain(rs.getBigDecimal("self_points").add(survey));
                    BigDecimal appraised = plain(rs.getBigDecimal("appraised_points").add(survey));
                    return new AssessmentSummary(id, rs.getString("name"), Level.valueOf(rs.getString("level")),
                            new IndexSetCode(rs.getString("index_set")), Stage.valueOf(rs.getString("stage")),
                            self, appraised, survey, maximum, Indices.index(self, maximum),
                            Indices.index(appraised, maximum), fields);
                })
                .optional();
    }
}
