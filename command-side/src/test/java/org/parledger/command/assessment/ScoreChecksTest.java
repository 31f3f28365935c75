package org.parledger.command.assessment;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.CheckAppraisedScores;
import org.parledger.api.assessment.CheckSelfScores;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.RecordAppraisedScores;
import org.parledger.api.assessment.RecordSelfScores;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.indexset.IndexSetCatalog;
import org.parledger.command.indexset.IndexSetRules;
import org.parledger.command.support.LedgerCommandTargetResolver;
import org.parledger.command.support.TestSets;
import org.parledger.command.unit.UnitDirectory;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.command.support.Refusal.refusal;
import static org.parledger.command.support.TestSets.ADMIN;
import static org.parledger.command.support.TestSets.by;

/** Checking a sheet's leaves answers every refusal, leaf by leaf, and records nothing. */
class ScoreChecksTest {
    private static final AssessmentId ID = new AssessmentId(new UnitCode("22"), 2023);
    private static final Actor ASSESSOR = new Actor("assessor-22", "ASSESSOR", "22");
    private static final EvidenceReference EVIDENCE = new EvidenceReference("12/QĐ-UBND", null, null, null);
    private AggregateTestFixture<Assessment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Assessment.class);
        fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
        fixture.registerInjectableResource((UnitDirectory) code -> Optional.empty());
        fixture.registerInjectableResource((IndexSetCatalog) code -> Optional.of(new IndexSetRules(TestSets.province())));
        fixture.registerInjectableResource((RoundCatalog) (year, level, within) -> Optional.empty());
        fixture.registerInjectableResource((org.parledger.command.evidence.EvidenceCatalog) (sha256, unit) -> java.util.Optional.empty());
    }

    @Test
    void everyBadLeafOfASelfAssessmentIsAnsweredAndNothingIsRecorded() {
        List<RecordSelfScores.Leaf> leaves = List.of(
                new RecordSelfScores.Leaf("1.1.1", new BigDecimal("3"), EVIDENCE, null),
                new RecordSelfScores.Leaf("1.2", new BigDecimal("4"), EVIDENCE, null),
                new RecordSelfScores.Leaf("2.1", new BigDecimal("1"), EVIDENCE, null),
                new RecordSelfScores.Leaf("9", new BigDecimal("1"), EVIDENCE, null),
                new RecordSelfScores.Leaf("1.1.2", new BigDecimal("1"), null, " "));
        fixture.given(new AssessmentOpened(ID, Level.PROVINCE, TestSets.CODE, ADMIN))
                .when(new CheckSelfScores(ID, leaves, by(ASSESSOR)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(new org.hamcrest.CustomTypeSafeMatcher<List<LedgerError>>("the refusals") {
                    @Override
                    protected boolean matchesSafely(List<LedgerError> errors) {
                        assertThat(errors).extracting(e -> e.field() + " " + e.code()).containsExactly(
                                "leaves[0].points " + ErrorCode.POINTS_OUT_OF_RANGE,
                                "leaves[2].criterion " + ErrorCode.SURVEY_SCORED_CRITERION,
                                "leaves[3].criterion " + ErrorCode.UNKNOWN_CRITERION,
                                "leaves[4].evidence " + ErrorCode.EVIDENCE_REQUIRED);
                        return true;
                    }
                });
    }

    @Test
    void aSheetOfTheWrongStageOrPersonIsRefusedAsAWhole() {
        fixture.given(new AssessmentOpened(ID, Level.PROVINCE, TestSets.CODE, ADMIN))
                .when(new CheckAppraisedScores(ID, List.of(new RecordAppraisedScores.Leaf("1.2", BigDecimal.ONE, "x")),
                        by(new Actor("appraiser-snv", "APPRAISER", "SNV"))))
                .expectNoEvents().expectException(refusal(ErrorCode.WRONG_STAGE, null));
        fixture.given(new AssessmentOpened(ID, Level.PROVINCE, TestSets.CODE, ADMIN),
                        new SelfAssessmentSubmitted(ID, BigDecimal.ZERO, ASSESSOR))
                .when(new CheckSelfScores(ID, List.of(new RecordSelfScores.Leaf("1.2", BigDecimal.ONE, EVIDENCE, null)), by(ASSESSOR)))
                .expectNoEvents().expectException(refusal(ErrorCode.WRONG_STAGE, null));
        fixture.given(new AssessmentOpened(ID, Level.PROVINCE, TestSets.CODE, ADMIN))
                .when(new CheckSelfScores(ID, List.of(new RecordSelfScores.Leaf("1.2", BigDecimal.ONE, EVIDENCE, null)),
                        by(new Actor("assessor-01", "ASSESSOR", "01"))))
                .expectNoEvents().expectException(refusal(ErrorCode.WRONG_UNIT, null));
    }

    @Test
    void anAppraisalSheetAnswersTheLeavesAnotherAgencyIsResponsibleFor() {
        fixture.given(new AssessmentOpened(ID, Level.PROVINCE, TestSets.CODE, ADMIN),
                        new SelfAssessmentSubmitted(ID, BigDecimal.ZERO, ASSESSOR))
                .when(new CheckAppraisedScores(ID, List.of(new RecordAppraisedScores.Leaf("1.2", BigDecimal.ONE, "Thiếu"),
                        new RecordAppraisedScores.Leaf("1.2", BigDecimal.ONE, "Thiếu")), by(new Actor("appraiser-stp", "APPRAISER", "STP"))))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(new org.hamcrest.CustomTypeSafeMatcher<List<LedgerError>>("the refusals") {
                    @Override
                    protected boolean matchesSafely(List<LedgerError> errors) {
                        assertThat(errors).extracting(e -> e.field() + " " + e.code()).containsExactly(
                                "leaves[0] " + ErrorCode.WRONG_AGENCY, "leaves[1].criterion " + ErrorCode.INVALID_ARGUMENT);
                        return true;
                    }
                });
    }
}
