package org.parledger.command.assessment;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.DeadlineExtended;
import org.parledger.api.assessment.ExtendDeadline;
import org.parledger.api.assessment.OpenAssessment;
import org.parledger.api.assessment.RecordDeduction;
import org.parledger.api.assessment.RecordSelfScore;
import org.parledger.api.assessment.RoundScheduled;
import org.parledger.api.assessment.ScheduleRound;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.DeductionRecorded;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.DefineIndexSet;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetDefined;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.indexset.IndexSet;
import org.parledger.command.indexset.IndexSetCatalog;
import org.parledger.command.indexset.IndexSetRules;
import org.parledger.command.support.LedgerCommandTargetResolver;
import org.parledger.command.support.TestSets;
import org.parledger.command.unit.UnitDirectory;
import org.parledger.command.unit.UnitFacts;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.command.support.Refusal.refusal;
import static org.parledger.command.support.TestSets.ADMIN;
import static org.parledger.command.support.TestSets.by;

/**
 * A province's departments, districts and communes are scored in the province's own round: the round is found from
 * the unit's parents (and the province's merger) when the assessment is opened, and the province's council, admin and
 * index sets act in it; the national ones do not, and another province's never.
 */
class ProvincialRoundsTest {
    private static final UnitCode QUANG_NINH = new UnitCode("22");
    private static final UnitCode HA_NOI = new UnitCode("01");
    private static final UnitCode BINH_DUONG = new UnitCode("74");
    private static final UnitCode HCM = new UnitCode("79");
    private static final UnitCode VAN_DON = new UnitCode("22-VD");
    private static final UnitCode XA_DAI_YEN = new UnitCode("22-VD-DY");
    private static final UnitCode THU_DAU_MOT = new UnitCode("74-TDM");
    private static final LocalDate MERGER = LocalDate.of(2025, 7, 1);
    private static final Actor COUNCIL_22 = new Actor("bcd-22", "COUNCIL", "22");
    private static final Actor ADMIN_22 = new Actor("snv-22", "ADMIN", "22");
    private static final Actor ASSESSOR = new Actor("assessor-vd", "ASSESSOR", VAN_DON.value());
    private static final IndexSetCode DISTRICT_SET = new IndexSetCode("QN-HUYEN");
    private static final IndexSetCode HANOI_SET = new IndexSetCode("HN-HUYEN");

    private final Map<UnitCode, UnitFacts> units = new HashMap<>();
    private final Map<IndexSetCode, IndexSetDefinition> sets = new HashMap<>();
    private final UnitDirectory directory = code -> Optional.ofNullable(units.get(code));

    @BeforeEach
    void registerTheUnits() {
        province(QUANG_NINH, null, List.of());
        province(HA_NOI, null, List.of());
        province(HCM, null, List.of());
        province(BINH_DUONG, MERGER, List.of(HCM));
        units.put(VAN_DON, new UnitFacts(VAN_DON, "Huyện Vân Đồn", Level.DISTRICT, QUANG_NINH, null, null));
        units.put(XA_DAI_YEN, new UnitFacts(XA_DAI_YEN, "Xã Đài Xuyên", Level.COMMUNE, VAN_DON, null, null));
        units.put(THU_DAU_MOT, new UnitFacts(THU_DAU_MOT, "Thành phố Thủ Dầu Một", Level.DISTRICT, BINH_DUONG, null, null));
        sets.put(DISTRICT_SET, districtSet(DISTRICT_SET, QUANG_NINH));
        sets.put(HANOI_SET, districtSet(HANOI_SET, HA_NOI));
        sets.put(TestSets.CODE, districtSet(TestSets.CODE, null));
    }

    private void province(UnitCode code, LocalDate ceasedOn, List<UnitCode> successors) {
        units.put(code, new UnitFacts(code, "Tỉnh " + code, Level.PROVINCE, null, null, ceasedOn, successors));
    }

    private static IndexSetDefinition districtSet(IndexSetCode code, UnitCode within) {
        IndexSetDefinition set = TestSets.province();
        return new IndexSetDefinition(code, set.title(), set.decision(), set.decisionDate(), Level.DISTRICT, 2020, 2026,
                set.scale(), set.agencies(), set.fields(), set.bands(), within);
    }

    @Test
    void theRoundIsTheProvinceAboveTheUnitFollowedThroughItsMerger() {
        LocalDate end2024 = LocalDate.of(2024, 12, 31);
        LocalDate end2025 = LocalDate.of(2025, 12, 31);
        assertThat(directory.provinceOf(VAN_DON, end2024)).contains(QUANG_NINH);
        assertThat(directory.provinceOf(XA_DAI_YEN, end2024)).as("a commune, through its district").contains(QUANG_NINH);
        assertThat(directory.provinceOf(THU_DAU_MOT, end2024)).contains(BINH_DUONG);
        assertThat(directory.provinceOf(THU_DAU_MOT, end2025)).as("after Bình Dương merged into Hồ Chí Minh City").contains(HCM);
        assertThat(directory.provinceOf(QUANG_NINH, end2024)).as("a province is scored nationally").isEmpty();
        units.put(new UnitCode("LOOSE"), new UnitFacts(new UnitCode("LOOSE"), "Xã lẻ", Level.COMMUNE, null, null, null));
        assertThat(directory.provinceOf(new UnitCode("LOOSE"), end2024)).as("a unit under no province").isEmpty();
    }

    @Nested
    class Opening {
        private AggregateTestFixture<Assessment> fixture;

        @BeforeEach
        void setUp() {
            fixture = new AggregateTestFixture<>(Assessment.class);
            fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
            fixture.registerInjectableResource(directory);
            fixture.registerInjectableResource(
                    (IndexSetCatalog) code -> Optional.ofNullable(sets.get(code)).map(IndexSetRules::new));
            fixture.registerInjectableResource((RoundCatalog) (year, level, within) ->
                    QUANG_NINH.equals(within) ? Optional.of(Instant.parse("2020-01-01T00:00:00Z")) : Optional.empty());
            fixture.registerInjectableResource((org.parledger.command.evidence.EvidenceCatalog) (sha256, unit) -> Optional.empty());
        }

        @Test
        void aDistrictIsOpenedInItsProvincesRoundUnderTheProvincesSetByItsCouncilOrAdmin() {
            AssessmentId vanDon = new AssessmentId(VAN_DON, 2020);
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(vanDon, DISTRICT_SET, by(COUNCIL_22)))
                    .expectEvents(new AssessmentOpened(vanDon, Level.DISTRICT, DISTRICT_SET, COUNCIL_22, QUANG_NINH));
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(vanDon, TestSets.CODE, by(ADMIN_22)))
                    .expectEvents(new AssessmentOpened(vanDon, Level.DISTRICT, TestSets.CODE, ADMIN_22, QUANG_NINH));
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(vanDon, DISTRICT_SET, by(ADMIN)))
                    .expectEvents(new AssessmentOpened(vanDon, Level.DISTRICT, DISTRICT_SET, ADMIN, QUANG_NINH));
        }

        @Test
        void aMovedDistrictIsOpenedInTheRoundOfTheProvinceItBelongsToAtTheEndOfTheYear() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(new AssessmentId(THU_DAU_MOT, 2024), TestSets.CODE, by(ADMIN)))
                    .expectEvents(new AssessmentOpened(new AssessmentId(THU_DAU_MOT, 2024), Level.DISTRICT, TestSets.CODE, ADMIN, BINH_DUONG));
            // A fixture of its own: an opening loads its stream when it exists, and a fixture keeps to one stream.
            setUp();
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(new AssessmentId(THU_DAU_MOT, 2025), TestSets.CODE, by(ADMIN)))
                    .expectEvents(new AssessmentOpened(new AssessmentId(THU_DAU_MOT, 2025), Level.DISTRICT, TestSets.CODE, ADMIN, HCM));
        }

        @Test
        void anotherProvincesSetCouncilOrAdminAndTheNationalCouncilAreRefused() {
            AssessmentId vanDon = new AssessmentId(VAN_DON, 2020);
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(vanDon, HANOI_SET, by(COUNCIL_22)))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_SCOPE, "indexSet"));
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(vanDon, DISTRICT_SET, by(new Actor("bcd-01", "COUNCIL", "01"))))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_SCOPE, null));
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(vanDon, DISTRICT_SET, by(new Actor("snv-01", "ADMIN", "01"))))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_SCOPE, null));
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(vanDon, DISTRICT_SET, by(new Actor("bcd", "COUNCIL"))))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_SCOPE, null));
        }

        @Test
        void theProvincesRoundHasItsOwnDeadline() {
            AssessmentId vanDon = new AssessmentId(VAN_DON, 2020);
            fixture.given(new AssessmentOpened(vanDon, Level.DISTRICT, DISTRICT_SET, ADMIN, QUANG_NINH))
                    .when(new RecordSelfScore(vanDon, "1.2", new BigDecimal("3"), new EvidenceReference("1/QĐ", null, null, null),
                            null, by(ASSESSOR)))
                    .expectNoEvents().expectException(refusal(ErrorCode.DEADLINE_PASSED, null));
            // The same unit-year in the national round (recorded before rounds had scopes) is not bound by it.
            fixture.given(new AssessmentOpened(vanDon, Level.DISTRICT, DISTRICT_SET, ADMIN))
                    .when(new RecordSelfScore(vanDon, "1.2", new BigDecimal("3"), new EvidenceReference("1/QĐ", null, null, null),
                            null, by(ASSESSOR)))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void onlyTheRoundsCouncilTakesPointsOffOrVerifies() {
            AssessmentId vanDon = new AssessmentId(VAN_DON, 2020);
            List<Object> submitted = List.of(new AssessmentOpened(vanDon, Level.DISTRICT, DISTRICT_SET, ADMIN, QUANG_NINH),
                    new SelfAssessmentSubmitted(vanDon, BigDecimal.ZERO, ASSESSOR));
            fixture.given(submitted)
                    .when(new RecordDeduction(vanDon, new BigDecimal("0.5"), "Chậm báo cáo", by(new Actor("bcd", "COUNCIL"))))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_SCOPE, null));
            fixture.given(submitted)
                    .when(new RecordDeduction(vanDon, new BigDecimal("0.5"), "Chậm báo cáo", by(COUNCIL_22)))
                    .expectEvents(new DeductionRecorded(vanDon, new BigDecimal("0.5"), "Chậm báo cáo", COUNCIL_22));
        }
    }

    @Nested
    class RoundsAndSets {
        private static final Instant FEB = Instant.parse("2021-02-01T00:00:00Z");
        private static final Instant MARCH = Instant.parse("2021-03-01T00:00:00Z");

        @Test
        void aProvinceSchedulesAndExtendsItsOwnRound() {
            AggregateTestFixture<AssessmentRound> fixture = new AggregateTestFixture<>(AssessmentRound.class);
            fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
            fixture.registerInjectableResource(directory);
            fixture.givenNoPriorActivity()
                    .when(new ScheduleRound(2020, Level.DISTRICT, FEB, by(ADMIN_22), QUANG_NINH))
                    .expectEvents(new RoundScheduled(2020, Level.DISTRICT, FEB, ADMIN_22, QUANG_NINH));
            fixture.given(new RoundScheduled(2020, Level.DISTRICT, FEB, ADMIN_22, QUANG_NINH))
                    .when(new ExtendDeadline(2020, Level.DISTRICT, MARCH, "Bão lũ", by(ADMIN_22), QUANG_NINH))
                    .expectEvents(new DeadlineExtended(2020, Level.DISTRICT, FEB, MARCH, "Bão lũ", ADMIN_22, QUANG_NINH));
            fixture.givenNoPriorActivity()
                    .when(new ScheduleRound(2020, Level.DISTRICT, FEB, by(new Actor("snv-01", "ADMIN", "01")), QUANG_NINH))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_SCOPE, null));
            fixture.givenNoPriorActivity()
                    .when(new ScheduleRound(2020, Level.PROVINCE, FEB, by(ADMIN), QUANG_NINH))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_SCOPE, "within"));
            fixture.givenNoPriorActivity()
                    .when(new ScheduleRound(2020, Level.COMMUNE, FEB, by(ADMIN), VAN_DON))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_SCOPE, "within"));
            fixture.givenNoPriorActivity()
                    .when(new ScheduleRound(2020, Level.COMMUNE, FEB, by(ADMIN), new UnitCode("NO-SUCH")))
                    .expectNoEvents().expectException(refusal(ErrorCode.UNKNOWN_UNIT, "within"));
        }

        @Test
        void aProvinceIssuesSetsForItsOwnLowerLevelsOnly() {
            AggregateTestFixture<IndexSet> fixture = new AggregateTestFixture<>(IndexSet.class);
            fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
            fixture.registerInjectableResource(directory);
            IndexSetDefinition set = districtSet(DISTRICT_SET, QUANG_NINH);
            fixture.givenNoPriorActivity()
                    .when(new DefineIndexSet(set, by(ADMIN_22)))
                    .expectEvents(new IndexSetDefined(set, ADMIN_22));
            fixture.givenNoPriorActivity()
                    .when(new DefineIndexSet(set, by(new Actor("snv-01", "ADMIN", "01"))))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_SCOPE, null));
            IndexSetDefinition provinces = new IndexSetDefinition(set.code(), set.title(), set.decision(), set.decisionDate(),
                    Level.PROVINCE, 2020, 2026, set.scale(), set.agencies(), set.fields(), set.bands(), QUANG_NINH);
            fixture.givenNoPriorActivity()
                    .when(new DefineIndexSet(provinces, by(ADMIN)))
                    .expectNoEvents().expectException(refusal(ErrorCode.INVALID_INDEX_SET, "within"));
            IndexSetDefinition underADistrict = districtSet(DISTRICT_SET, VAN_DON);
            fixture.givenNoPriorActivity()
                    .when(new DefineIndexSet(underADistrict, by(ADMIN)))
                    .expectNoEvents().expectException(refusal(ErrorCode.INVALID_INDEX_SET, "within"));
        }
    }
}
