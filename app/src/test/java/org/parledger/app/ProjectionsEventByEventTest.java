package org.parledger.app;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.parledger.api.StreamIds;
import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.CriterionMarkedNotApplicable;
import org.parledger.api.assessment.DeductionRecorded;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.assessment.SurveyScoreRecorded;
import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.unit.RegionAssigned;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.api.unit.UnitRenamed;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projections, one stored event at a time: each event is appended to the ledger as it is (no command in
 * between), and the rows are read back once the projections have taken it in.
 */
@LedgerIntegrationTest
class ProjectionsEventByEventTest {
    private static final Actor ADMIN = new Actor("admin-evt", "ADMIN");
    private static final Actor ASSESSOR = new Actor("assessor-evt", "ASSESSOR", "EVT-A");
    private static final Actor APPRAISER = new Actor("appraiser-evt", "APPRAISER", "SNV");
    private static final Actor SURVEY = new Actor("survey-evt", "SURVEY");

    @LocalServerPort
    int port;
    @Autowired
    EventStore events;
    @Autowired
    JdbcClient jdbc;

    @Test
    void scoresEachEventMovesTheLeafTheFieldAndTheTotals() {
        IndexSetFixture.defineOnce(GraphQlClient.admin(port));
        AssessmentId id = new AssessmentId(new UnitCode("EVT-A"), 2025);
        Stream stream = new Stream(StreamIds.assessment(id));
        // Columns: stage | attainable self appraised survey deducted | field 1 attainable self appraised survey
        //          | field 2 … | leaf 1.1 self appraised

        stream.append(new AssessmentOpened(id, Level.PROVINCE, new IndexSetCode("IT-SET"), ADMIN));
        expect(id, "SELF_ASSESSMENT | 20 0 0 0 0 | 1: 12 0 0 0 | 2: 8 0 0 0 | 1.1: - -");

        stream.append(new SelfScoreRecorded(id, "1.1", null, new BigDecimal("4"),
                new EvidenceReference("15/KH-UBND", null, null, null), null, ASSESSOR));
        expect(id, "SELF_ASSESSMENT | 20 4 0 0 0 | 1: 12 4 0 0 | 2: 8 0 0 0 | 1.1: 4 -");

        // A revision replaces the points; it does not add to them.
        stream.append(new SelfScoreRecorded(id, "1.1", new BigDecimal("4"), new BigDecimal("5"),
                new EvidenceReference("15/KH-UBND", "2", "3", null), null, ASSESSOR));
        expect(id, "SELF_ASSESSMENT | 20 5 0 0 0 | 1: 12 5 0 0 | 2: 8 0 0 0 | 1.1: 5 -");

        // Not applicable: the leaf's maximum leaves the attainable maximum of the field and of the unit.
        stream.append(new CriterionMarkedNotApplicable(id, "1.2.2", "Không có đơn vị cấp huyện", ASSESSOR));
        expect(id, "SELF_ASSESSMENT | 16 5 0 0 0 | 1: 8 5 0 0 | 2: 8 0 0 0 | 1.1: 5 -");

        stream.append(new SelfAssessmentSubmitted(id, new BigDecimal("5"), ASSESSOR));
        expect(id, "APPRAISAL | 16 5 0 0 0 | 1: 8 5 0 0 | 2: 8 0 0 0 | 1.1: 5 -");

        stream.append(new AppraisedScoreRecorded(id, "1.1", new BigDecimal("5"), null, new BigDecimal("3"),
                "Thiếu báo cáo quý", APPRAISER));
        expect(id, "APPRAISAL | 16 5 3 0 0 | 1: 8 5 3 0 | 2: 8 0 0 0 | 1.1: 5 3");

        stream.append(new SurveyScoreRecorded(id, "2.1", null, new BigDecimal("6.5"), SURVEY));
        expect(id, "APPRAISAL | 16 5 3 6.5 0 | 1: 8 5 3 0 | 2: 8 0 0 6.5 | 1.1: 5 3");

        // Deductions are taken off the unit's total, not off a field.
        stream.append(new DeductionRecorded(id, new BigDecimal("1"), "Chậm nộp báo cáo", APPRAISER));
        expect(id, "APPRAISAL | 16 5 3 6.5 1 | 1: 8 5 3 0 | 2: 8 0 0 6.5 | 1.1: 5 3");

        // The audit trail: one entry per event, at the event's position in the ledger. Its processor is not the scores'
        // one, so it may be a batch behind the figures awaited above.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql("""
                        SELECT a.kind || ' ' || COALESCE(a.old_value, '-') || '->' || COALESCE(a.new_value, '-')
                               || CASE WHEN a.position = e.globalindex THEN '' ELSE ' misplaced' END
                        FROM rv_audit_entry a JOIN domainevententry e ON e.eventidentifier = a.event_id
                        WHERE a.stream = :stream ORDER BY a.position""")
                .param("stream", StreamIds.assessment(id)).query(String.class).list())
                .containsExactly("ASSESSMENT_OPENED -->-", "SELF_SCORE_RECORDED -->4",
                        "SELF_SCORE_RECORDED 4->5", "CRITERION_MARKED_NOT_APPLICABLE applicable->not applicable",
                        "SELF_ASSESSMENT_SUBMITTED -->5", "APPRAISED_SCORE_RECORDED 5->3", "SURVEY_SCORE_RECORDED -->6.5",
                        "DEDUCTION_RECORDED -->1"));
    }

    @Test
    void unitsEachEventMovesTheUnitItsNamesAndItsRegions() {
        UnitCode unit = new UnitCode("EVT-U");
        Stream stream = new Stream(StreamIds.unit(unit));

        stream.append(new UnitRegistered(unit, "Tỉnh Cũ", Level.PROVINCE, null, LocalDate.of(2000, 1, 1), ADMIN));
        expectUnit(unit, "Tỉnh Cũ | names: Tỉnh Cũ@2000-01-01 | regions: ");

        stream.append(new RegionAssigned(unit, null, "Tây Nguyên", null, "Nghị quyết 81/2023/QH15", ADMIN));
        expectUnit(unit, "Tỉnh Cũ | names: Tỉnh Cũ@2000-01-01 | regions: Tây Nguyên@-");

        LocalDate july = LocalDate.of(2025, 7, 1);
        stream.append(new UnitRenamed(unit, "Tỉnh Cũ", "Tỉnh Mới", "12/NQ", july, ADMIN));
        String names = "names: Tỉnh Cũ@2000-01-01, Tỉnh Mới@2025-07-01";
        expectUnit(unit, "Tỉnh Mới | " + names + " | regions: Tây Nguyên@-");

        stream.append(new RegionAssigned(unit, "Tây Nguyên", "Đông Nam Bộ", july, "12/NQ", ADMIN));
        expectUnit(unit, "Tỉnh Mới | " + names + " | regions: Tây Nguyên@-, Đông Nam Bộ@2025-07-01");
    }

    /** A stream's next events, each stored in its own transaction (the processors are told at once). */
    private final class Stream {
        private final String id;
        private long sequence;

        Stream(String id) {
            this.id = id;
        }

        void append(Object event) {
            events.publish(new GenericDomainEventMessage<>("Test", id, sequence++, event));
        }
    }

    private void expect(AssessmentId id, String figures) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(figures(id)).isEqualTo(figures));
    }

    private String figures(AssessmentId id) {
        String unit = id.unit().value();
        String total = jdbc.sql("""
                        SELECT stage || ' | ' || attainable_maximum || ' ' || self_points || ' ' || appraised_points || ' '
                               || survey_points || ' ' || deducted_points
                        FROM rv_assessment WHERE unit_code = :unit AND year = :year""")
                .param("unit", unit).param("year", id.year()).query(String.class).optional().orElse("none");
        String fields = jdbc.sql("""
                        SELECT field_code || ': ' || attainable || ' ' || self || ' ' || appraised || ' ' || survey
                        FROM rv_field_score WHERE unit_code = :unit AND year = :year ORDER BY field_code""")
                .param("unit", unit).param("year", id.year()).query(String.class).list().stream()
                .collect(Collectors.joining(" | "));
        String leaf = jdbc.sql("""
                        SELECT COALESCE(self_points::text, '-') || ' ' || COALESCE(appraised_points::text, '-')
                        FROM rv_leaf_score WHERE unit_code = :unit AND year = :year AND criterion = '1.1'""")
                .param("unit", unit).param("year", id.year()).query(String.class).optional().orElse("- -");
        return strip(total + " | " + fields + " | 1.1: " + leaf);
    }

    private void expectUnit(UnitCode unit, String expected) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(unitRows(unit)).isEqualTo(expected));
    }

    private String unitRows(UnitCode unit) {
        String name = jdbc.sql("SELECT name FROM rv_unit WHERE code = :code").param("code", unit.value())
                .query(String.class).optional().orElse("none");
        String names = jdbc.sql("""
                        SELECT name || '@' || COALESCE(valid_from::text, '-') FROM rv_unit_name WHERE unit_code = :code
                        ORDER BY valid_from NULLS FIRST""")
                .param("code", unit.value()).query(String.class).list().stream().collect(Collectors.joining(", "));
        String regions = jdbc.sql("""
                        SELECT region || '@' || COALESCE(valid_from::text, '-') FROM rv_unit_region WHERE unit_code = :code
                        ORDER BY position""")
                .param("code", unit.value()).query(String.class).list().stream().collect(Collectors.joining(", "));
        return name + " | names: " + names + " | regions: " + regions;
    }

    /** Numbers without trailing zeros (12.000 → 12, 6.50 → 6.5), as the expectations are written. */
    private static String strip(String text) {
        return text.replaceAll("(\\d+)\\.0+(?!\\d)", "$1").replaceAll("(\\d+\\.\\d*?)0+(?!\\d)", "$1");
    }
}
