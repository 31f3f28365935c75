package org.parledger.command.assessment;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.parledger.api.assessment.AcceptAppraisal;
import org.parledger.api.assessment.AppraisalAccepted;
import org.parledger.api.assessment.AppraisalContested;
import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.ContestAppraisal;
import org.parledger.api.assessment.ContestDecided;
import org.parledger.api.assessment.DecideContest;
import org.parledger.api.assessment.PreliminaryResultsSent;
import org.parledger.api.assessment.SendPreliminaryResults;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.CorrectPublishedScore;
import org.parledger.api.assessment.PublishedScoreCorrected;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.DeductionRecorded;
import org.parledger.api.assessment.RecordDeduction;
import org.parledger.api.assessment.VerifyAssessment;
import org.parledger.api.assessment.CriterionMarkedApplicable;
import org.parledger.api.assessment.CriterionMarkedNotApplicable;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.EvidenceFile;
import org.parledger.command.evidence.EvidenceCatalog;
import org.parledger.api.assessment.MarkCriterionApplicable;
import org.parledger.api.assessment.MarkCriterionNotApplicable;
import org.parledger.api.assessment.OpenAssessment;
import org.parledger.api.assessment.RecordAppraisedScore;
import org.parledger.api.assessment.RecordSelfScore;
import org.parledger.api.assessment.RecordSelfScores;
import org.parledger.api.assessment.RecordSurveyScore;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.assessment.SubmitSelfAssessment;
import org.parledger.api.assessment.SurveyScoreRecorded;
import org.parledger.api.common.Actor;
import java.util.List;
import org.parledger.api.common.Role;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Grant;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.command.indexset.IndexSetCatalog;
import org.parledger.command.indexset.IndexSetRules;
import org.parledger.command.support.LedgerCommandTargetResolver;
import org.parledger.command.support.ProcessedRequests;
import org.parledger.command.support.TestSets;
import org.parledger.command.unit.UnitDirectory;
import org.parledger.command.unit.UnitFacts;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.parledger.command.support.Refusal.refusal;
import static org.parledger.command.support.TestSets.ADMIN;
import static org.parledger.command.support.TestSets.by;

class AssessmentTest {
    private static final UnitCode QUANG_NINH = new UnitCode("22");
    private static final AssessmentId ID = new AssessmentId(QUANG_NINH, 2023);
    private static final Actor ASSESSOR = new Actor("assessor-22", "ASSESSOR", "22");
    private static final Actor APPRAISER = new Actor("appraiser-snv", "APPRAISER", "SNV");
    private static final Actor SURVEY = new Actor("survey-team", "SURVEY");
    private static final EvidenceReference EVIDENCE = new EvidenceReference("12/QĐ-UBND", "Điều 2", "4", null);

    private final Map<UnitCode, UnitRegistered> units = new HashMap<>();
    private final Map<IndexSetCode, IndexSetDefinition> sets = new HashMap<>();
    private java.time.Instant deadline;
    private AggregateTestFixture<Assessment> fixture;

    @BeforeEach
    void setUp() {
        units.put(QUANG_NINH, new UnitRegistered(QUANG_NINH, "Quảng Ninh", Level.PROVINCE, null, null, ADMIN));
        sets.put(TestSets.CODE, TestSets.province());
        fixture = new AggregateTestFixture<>(Assessment.class);
        fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
        fixture.registerInjectableResource((UnitDirectory) code -> Optional.ofNullable(units.get(code)).map(UnitFacts::registered));
        fixture.registerInjectableResource(
                (IndexSetCatalog) code -> Optional.ofNullable(sets.get(code)).map(IndexSetRules::new));
        fixture.registerInjectableResource((RoundCatalog) (year, level, within) -> Optional.ofNullable(deadline));
        fixture.registerInjectableResource((EvidenceCatalog) (sha256, unit) -> QUANG_NINH.equals(unit)
                ? Optional.ofNullable(FILES.get(sha256)) : Optional.empty());
    }

    /** Files uploaded for Quảng Ninh, as the store keeps them. */
    private static final Map<String, EvidenceFile> FILES = Map.of(
            "a".repeat(64), new EvidenceFile("a".repeat(64), "QD-12.pdf", "application/pdf", 120_000L),
            "b".repeat(64), new EvidenceFile("b".repeat(64), "anh-chup.png", "image/png", 40_000L));

    private static AssessmentOpened opened() {
        return new AssessmentOpened(ID, Level.PROVINCE, TestSets.CODE, ADMIN);
    }

    private static BigDecimal p(String points) {
        return new BigDecimal(points);
    }

    private static SelfScoreRecorded selfScored(String criterion, String previous, String points) {
        return new SelfScoreRecorded(ID, criterion, previous == null ? null : p(previous), p(points), EVIDENCE, null, ASSESSOR);
    }

    private static SelfAssessmentSubmitted submitted(String total) {
        return new SelfAssessmentSubmitted(ID, p(total), ASSESSOR);
    }

    @Nested
    class Opening {
        @Test
        void opensAgainstASetOfTheUnitsLevelCoveringTheYear() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(ID, TestSets.CODE, by(ADMIN)))
                    .expectEvents(opened())
                    .expectResultMessagePayload(0L);
        }

        @Test
        void openingAnOpenAssessmentAgainIsRefusedBeforeAnythingIsStored() {
            fixture.given(opened())
                    .when(new OpenAssessment(ID, TestSets.CODE, by(ADMIN)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.ALREADY_EXISTS, null));
        }

        @Test
        void anUnknownUnitIsRefused() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(new AssessmentId(new UnitCode("99"), 2023), TestSets.CODE, by(ADMIN)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.UNKNOWN_UNIT, "unit"));
        }

        @Test
        void aUnitThatDidNotExistAtTheEndOfTheYearIsRefused() {
            UnitCode huyen = new UnitCode("22-NEW");
            units.put(huyen, new UnitRegistered(huyen, "Tỉnh mới", Level.PROVINCE, null, java.time.LocalDate.of(2024, 1, 1), ADMIN));
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(new AssessmentId(huyen, 2023), TestSets.CODE, by(ADMIN)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.UNIT_NOT_IN_EXISTENCE, "year"));
        }

        @Test
        void anUnknownIndexSetIsRefused() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(ID, new IndexSetCode("NO-SUCH-SET"), by(ADMIN)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.UNKNOWN_INDEX_SET, "indexSet"));
        }

        @Test
        void aSetOfAnotherLevelIsRefused() {
            UnitCode ministry = new UnitCode("BTP");
            units.put(ministry, new UnitRegistered(ministry, "Bộ Tư pháp", Level.MINISTRY, null, null, ADMIN));
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(new AssessmentId(ministry, 2023), TestSets.CODE, by(ADMIN)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.LEVEL_MISMATCH, "indexSet"));
        }

        @Test
        void aYearTheSetDoesNotCoverIsRefused() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(new AssessmentId(QUANG_NINH, 2021), TestSets.CODE, by(ADMIN)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.YEAR_NOT_COVERED, "year"));
        }
    }

    @Nested
    class SelfAssessment {
        @Test
        void aSelfScoreWithEvidenceIsRecorded() {
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.1.1", p("1.50"), EVIDENCE, null, by(ASSESSOR)))
                    .expectEvents(selfScored("1.1.1", null, "1.5"));
        }

        @Test
        void aSelfScoreWithAnExplanationInsteadOfEvidenceIsRecorded() {
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.2", p("3"), null, " Chưa ban hành văn bản ", by(ASSESSOR)))
                    .expectEvents(new SelfScoreRecorded(ID, "1.2", null, p("3"), null, "Chưa ban hành văn bản", ASSESSOR));
        }

        @Test
        void eachChangeAnswersWithTheStreamsNewVersion() {
            fixture.given(opened(), selfScored("1.2", null, "5"))
                    .when(new RecordSelfScore(ID, "1.2", p("4"), EVIDENCE, null, by(ASSESSOR)))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void aChangeBasedOnAnOlderVersionIsRefusedAsAConflict() {
            fixture.given(opened(), selfScored("1.2", null, "5"))
                    .when(new RecordSelfScore(ID, "1.2", p("4"), EVIDENCE, null, by(ASSESSOR)),
                            java.util.Map.of(org.parledger.command.support.LedgerCommandTargetResolver.EXPECTED_VERSION, 0L))
                    .expectNoEvents()
                    .expectException(org.axonframework.modelling.command.ConflictingAggregateVersionException.class);
        }

        @Test
        void aRevisionIsANewEventThatNamesThePreviousPoints() {
            fixture.given(opened(), selfScored("1.2", null, "5"))
                    .when(new RecordSelfScore(ID, "1.2", p("4.25"), EVIDENCE, null, by(ASSESSOR)))
                    .expectEvents(selfScored("1.2", "5", "4.25"));
        }

        @Test
        void pointsAboveTheLeafMaximumAreRefused() {
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.1.1", p("2.25"), EVIDENCE, null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.POINTS_OUT_OF_RANGE, "points"));
        }

        @Test
        void negativePointsAreRefused() {
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.1.1", p("-0.25"), EVIDENCE, null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.POINTS_OUT_OF_RANGE, "points"));
        }

        @Test
        void pointsWithMoreThanTwoDecimalsAreRefused() {
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.1.1", p("1.125"), EVIDENCE, null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.INVALID_POINTS, "points"));
        }

        @Test
        void anUnknownCriterionIsRefused() {
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "9.9", p("1"), EVIDENCE, null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.UNKNOWN_CRITERION, "criterion"));
        }

        @Test
        void aCriterionWithChildrenIsNotScorable() {
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.1", p("1"), EVIDENCE, null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.UNKNOWN_CRITERION, "criterion"));
        }

        @Test
        void aSurveyCriterionTakesNoSelfScore() {
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "2.1", p("4"), EVIDENCE, null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.SURVEY_SCORED_CRITERION, "criterion"));
        }

        @Test
        void aSelfScoreCitesFilesUploadedForItsUnitAndRecordsThemAsStored() {
            EvidenceReference cited = new EvidenceReference(null, null, null, null, List.of(
                    EvidenceFile.cited("a".repeat(64), "Quyết định 12.pdf"), EvidenceFile.cited("b".repeat(64), null),
                    EvidenceFile.cited("a".repeat(64), null)));
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.2", p("3"), cited, null, by(ASSESSOR)))
                    .expectEvents(new SelfScoreRecorded(ID, "1.2", null, p("3"), new EvidenceReference(null, null, null, null,
                            List.of(new EvidenceFile("a".repeat(64), "Quyết định 12.pdf", "application/pdf", 120_000L),
                                    new EvidenceFile("b".repeat(64), "anh-chup.png", "image/png", 40_000L))), null, ASSESSOR));
        }

        @Test
        void aFileNotUploadedForTheUnitOrNotAHashIsRefused() {
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.2", p("3"), new EvidenceReference("12/QĐ", null, null, null,
                            List.of(EvidenceFile.cited("a".repeat(64), null), EvidenceFile.cited("c".repeat(64), null))), null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.EVIDENCE_FILE_UNKNOWN, "evidence.files[1].sha256"));
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.2", p("3"), new EvidenceReference("12/QĐ", null, null, null,
                            List.of(EvidenceFile.cited("A".repeat(64), null))), null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.EVIDENCE_FILE_UNKNOWN, "evidence.files[0].sha256"));
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.2", p("3"), new EvidenceReference("12/QĐ", null, null, null,
                            java.util.Collections.nCopies(EvidenceFile.MAX_PER_SCORE + 1, EvidenceFile.cited("a".repeat(64), null))),
                            null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.INVALID_ARGUMENT, "evidence.files"));
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.2", p("3"), new EvidenceReference("12/QĐ", null, null, null,
                            List.of(EvidenceFile.cited("a".repeat(64), "x\u0007y"))), null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.INVALID_ARGUMENT, "evidence.files[0].name"));
        }

        /** A link is a web address: a portal that shows "javascript:…" as a link runs it in its reader's browser. */
        @Test
        void anEvidenceLinkIsAWebAddress() {
            for (String link : List.of("javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>",
                    "vbscript:msgbox", "//evil.example/x", "https://", "quangninh.gov.vn/van-ban")) {
                fixture.given(opened())
                        .when(new RecordSelfScore(ID, "1.2", p("3"), new EvidenceReference("12/QĐ", null, null, link), null, by(ASSESSOR)))
                        .expectNoEvents()
                        .expectException(refusal(ErrorCode.INVALID_ARGUMENT, "evidence.link"));
            }
            EvidenceReference linked = new EvidenceReference("12/QĐ", null, null, "HTTPS://quangninh.gov.vn/văn-bản/12 QĐ.pdf");
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.2", p("3"), linked, null, by(ASSESSOR)))
                    .expectEvents(new SelfScoreRecorded(ID, "1.2", null, p("3"), linked, null, ASSESSOR));
        }

        @Test
        void aSelfScoreWithNeitherEvidenceNorExplanationIsRefused() {
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.2", p("3"), new EvidenceReference(" ", null, null, null), " ", by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.EVIDENCE_REQUIRED, "evidence"));
        }

        @Test
        void selfScoringAfterSubmissionIsRefused() {
            fixture.given(opened(), selfScored("1.2", null, "5"), submitted("5"))
                    .when(new RecordSelfScore(ID, "1.2", p("6"), EVIDENCE, null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.WRONG_STAGE, null));
        }

        @Test
        void submittingRecordsTheSelfAssessedTotal() {
            fixture.given(opened(), selfScored("1.2", null, "5"), selfScored("1.1.1", null, "2"),
                            selfScored("1.2", "5", "4.5"))
                    .when(new SubmitSelfAssessment(ID, by(ASSESSOR)))
                    .expectEvents(submitted("6.5"));
        }

        @Test
        void submittingTwiceIsRefused() {
            fixture.given(opened(), submitted("0"))
                    .when(new SubmitSelfAssessment(ID, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.WRONG_STAGE, null));
        }
    }

    @Nested
    class Deadline {
        @Test
        void selfAssessmentIsRefusedAfterTheRoundsDeadline() {
            deadline = java.time.Instant.parse("2024-02-01T00:00:00Z");
            fixture.given(opened())
                    .andGivenCurrentTime(java.time.Instant.parse("2024-02-02T00:00:00Z"))
                    .when(new RecordSelfScore(ID, "1.2", p("5"), EVIDENCE, null, by(ASSESSOR)))
                    .expectNoEvents().expectException(refusal(ErrorCode.DEADLINE_PASSED, null));
            fixture.given(opened())
                    .andGivenCurrentTime(java.time.Instant.parse("2024-02-02T00:00:00Z"))
                    .when(new SubmitSelfAssessment(ID, by(ASSESSOR)))
                    .expectNoEvents().expectException(refusal(ErrorCode.DEADLINE_PASSED, null));
        }

        @Test
        void selfAssessmentIsOpenUntilTheDeadline() {
            deadline = java.time.Instant.parse("2024-02-01T00:00:00Z");
            fixture.given(opened())
                    .andGivenCurrentTime(java.time.Instant.parse("2024-01-31T23:59:59Z"))
                    .when(new RecordSelfScore(ID, "1.2", p("5"), EVIDENCE, null, by(ASSESSOR)))
                    .expectEvents(selfScored("1.2", null, "5"));
        }
    }

    @Nested
    class FeedbackRound {
        private final Actor council = new Actor("council-1", "COUNCIL");
        private final AppraisalContested contested =
                new AppraisalContested(ID, "1.2", p("4"), "Đã có Kế hoạch số 5/KH-UBND", ASSESSOR);

        private Object[] appraised(Object... more) {
            Object[] base = {opened(), selfScored("1.2", null, "6"), submitted("6"),
                    new AppraisedScoreRecorded(ID, "1.2", p("6"), null, p("4"), "thiếu kế hoạch", APPRAISER)};
            Object[] all = java.util.Arrays.copyOf(base, base.length + more.length);
            System.arraycopy(more, 0, all, base.length, more.length);
            return all;
        }

        private PreliminaryResultsSent sent() {
            return new PreliminaryResultsSent(ID, p("4"), council);
        }

        @Test
        void theCouncilSendsPreliminaryResultsWithTheAppraisedTotal() {
            fixture.given(appraised(new SurveyScoreRecorded(ID, "2.1", null, p("3.5"), SURVEY)))
                    .when(new SendPreliminaryResults(ID, by(council)))
                    .expectEvents(new PreliminaryResultsSent(ID, p("7.5"), council));
        }

        @Test
        void preliminaryResultsAreSentOnceAndByTheCouncil() {
            fixture.given(appraised(sent()))
                    .when(new SendPreliminaryResults(ID, by(council)))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_STAGE, null));
            fixture.given(appraised())
                    .when(new SendPreliminaryResults(ID, by(APPRAISER)))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_ROLE, null));
        }

        @Test
        void theUnitContestsALeafWithAnExplanation() {
            fixture.given(appraised(sent()))
                    .when(new ContestAppraisal(ID, "1.2", " Đã có Kế hoạch số 5/KH-UBND ", by(ASSESSOR)))
                    .expectEvents(contested);
        }

        @Test
        void aContestNeedsTheFeedbackRoundAnExplanationAnAppraisedLeafAndTheUnitsAssessor() {
            fixture.given(appraised())
                    .when(new ContestAppraisal(ID, "1.2", "x", by(ASSESSOR)))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_STAGE, null));
            fixture.given(appraised(sent()))
                    .when(new ContestAppraisal(ID, "1.2", " ", by(ASSESSOR)))
                    .expectNoEvents().expectException(refusal(ErrorCode.REASON_REQUIRED, "explanation"));
            fixture.given(appraised(sent()))
                    .when(new ContestAppraisal(ID, "1.1.1", "x", by(ASSESSOR)))
                    .expectNoEvents().expectException(refusal(ErrorCode.UNKNOWN_CRITERION, "criterion"));
            fixture.given(appraised(sent()))
                    .when(new ContestAppraisal(ID, "1.2", "x", by(new Actor("a-31", "ASSESSOR", "31"))))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_UNIT, null));
            fixture.given(appraised(sent(), contested))
                    .when(new ContestAppraisal(ID, "1.2", "lại", by(ASSESSOR)))
                    .expectNoEvents().expectException(refusal(ErrorCode.NOTHING_TO_CORRECT, "criterion"));
        }

        @Test
        void theUnitAcceptsALeaf() {
            fixture.given(appraised(sent()))
                    .when(new AcceptAppraisal(ID, "1.2", by(ASSESSOR)))
                    .expectEvents(new AppraisalAccepted(ID, "1.2", p("4"), ASSESSOR));
        }

        @Test
        void theAppraiserUpholdsOrChangesAContestedScore() {
            fixture.given(appraised(sent(), contested))
                    .when(new DecideContest(ID, "1.2", p("4.00"), "Kế hoạch ban hành quá hạn", by(APPRAISER)))
                    .expectEvents(new ContestDecided(ID, "1.2", p("4"), p("4"), true, "Kế hoạch ban hành quá hạn", APPRAISER));
            fixture.given(appraised(sent(), contested))
                    .when(new DecideContest(ID, "1.2", p("5.5"), "Chấp nhận giải trình", by(APPRAISER)))
                    .expectEvents(new ContestDecided(ID, "1.2", p("4"), p("5.5"), false, "Chấp nhận giải trình", APPRAISER));
        }

        @Test
        void onlyAnOpenContestIsDecidedAndOnlyByTheResponsibleAgency() {
            fixture.given(appraised(sent()))
                    .when(new DecideContest(ID, "1.2", p("5"), "x", by(APPRAISER)))
                    .expectNoEvents().expectException(refusal(ErrorCode.NO_OPEN_CONTEST, "criterion"));
            fixture.given(appraised(sent(), contested))
                    .when(new DecideContest(ID, "1.2", p("5"), "x", by(new Actor("stp", "APPRAISER", "STP"))))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_AGENCY, null));
        }

        @Test
        void anOpenContestBlocksVerification() {
            fixture.given(appraised(sent(), contested))
                    .when(new VerifyAssessment(ID, by(council)))
                    .expectNoEvents().expectException(refusal(ErrorCode.NOT_READY_FOR_VERIFICATION, null))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("contests still open on: 1.2"));
        }
    }

    @Nested
    class Verification {
        private final Actor council = new Actor("council-1", "COUNCIL");

        private Object[] fullyAppraised() {
            return new Object[]{opened(), selfScored("1.1.1", null, "2"), selfScored("1.1.2", null, "2"),
                    selfScored("1.2", null, "6"), submitted("10"),
                    new AppraisedScoreRecorded(ID, "1.1.1", p("2"), null, p("2"), null, APPRAISER),
                    new AppraisedScoreRecorded(ID, "1.1.2", p("2"), null, p("1"), "thiếu", APPRAISER),
                    new AppraisedScoreRecorded(ID, "1.2", p("6"), null, p("6"), null, APPRAISER),
                    new SurveyScoreRecorded(ID, "2.1", null, p("4.5"), SURVEY)};
        }

        @Test
        void theCouncilRecordsADeductionWithAReason() {
            fixture.given(opened(), submitted("0"))
                    .when(new RecordDeduction(ID, p("0.5"), "Chậm báo cáo", by(council)))
                    .expectEvents(new DeductionRecorded(ID, p("0.5"), "Chậm báo cáo", council));
        }

        @Test
        void aDeductionIsPositiveHasAReasonAndIsTheCouncils() {
            fixture.given(opened(), submitted("0"))
                    .when(new RecordDeduction(ID, p("0"), "x", by(council)))
                    .expectNoEvents().expectException(refusal(ErrorCode.POINTS_OUT_OF_RANGE, "points"));
            fixture.given(opened(), submitted("0"))
                    .when(new RecordDeduction(ID, p("1"), " ", by(council)))
                    .expectNoEvents().expectException(refusal(ErrorCode.REASON_REQUIRED, "reason"));
            fixture.given(opened(), submitted("0"))
                    .when(new RecordDeduction(ID, p("1"), "x", by(APPRAISER)))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_ROLE, null));
        }

        @Test
        void verificationFreezesTheAppraisedFiguresLessDeductions() {
            Object[] given = fullyAppraised();
            Object[] withDeduction = java.util.Arrays.copyOf(given, given.length + 1);
            withDeduction[given.length] = new DeductionRecorded(ID, p("0.5"), "Chậm báo cáo", council);
            // appraised 2 + 1 + 6 = 9, survey 4.5, deduction 0.5: 13 of 15.
            fixture.given(withDeduction)
                    .when(new VerifyAssessment(ID, by(council)))
                    .expectEvents(new AssessmentVerified(ID, p("13.0"), p("15"), council));
        }

        @Test
        void anAssessmentWithUnappraisedLeavesIsNotVerified() {
            fixture.given(opened(), selfScored("1.2", null, "6"), submitted("6"),
                            new AppraisedScoreRecorded(ID, "1.2", p("6"), null, p("6"), null, APPRAISER))
                    .when(new VerifyAssessment(ID, by(council)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.NOT_READY_FOR_VERIFICATION, null))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("1.1.1, 1.1.2, 2.1"));
        }

        @Test
        void aLeafMarkedNotApplicableNeedsNoAppraisal() {
            fixture.given(opened(), new CriterionMarkedNotApplicable(ID, "1.1.2", "không phát sinh", ASSESSOR),
                            submitted("0"),
                            new AppraisedScoreRecorded(ID, "1.1.1", null, null, p("2"), "có tài liệu", APPRAISER),
                            new AppraisedScoreRecorded(ID, "1.2", null, null, p("6"), "có tài liệu", APPRAISER),
                            new SurveyScoreRecorded(ID, "2.1", null, p("5"), SURVEY))
                    .when(new VerifyAssessment(ID, by(council)))
                    .expectEvents(new AssessmentVerified(ID, p("13"), p("13"), council));
        }

        @Test
        void afterVerificationNoFigureChanges() {
            Object[] given = fullyAppraised();
            Object[] verified = java.util.Arrays.copyOf(given, given.length + 1);
            verified[given.length] = new AssessmentVerified(ID, p("13.5"), p("15"), council);
            fixture.given(verified)
                    .when(new RecordAppraisedScore(ID, "1.2", p("5"), "sửa", by(APPRAISER)))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_STAGE, null));
            fixture.given(verified)
                    .when(new RecordSurveyScore(ID, "2.1", p("5"), by(SURVEY)))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_STAGE, null));
            fixture.given(verified)
                    .when(new RecordDeduction(ID, p("1"), "x", by(council)))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_STAGE, null));
            fixture.given(verified)
                    .when(new VerifyAssessment(ID, by(council)))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_STAGE, null));
        }

        @Test
        void onlyTheCouncilVerifies() {
            fixture.given(fullyAppraised())
                    .when(new VerifyAssessment(ID, by(APPRAISER)))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_ROLE, null));
        }
    }

    /**
     * A publication ranks the assessments its registry says are verified; a copy a node kept from before the
     * verification refuses (and is decided again on the stream as it is, see StaleCopies) instead of ranking nothing.
     */
    @Test
    void aCopyThatIsNotVerifiedRefusesToBeRanked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Assessment().verifiedRank())
                .isInstanceOfSatisfying(org.parledger.api.common.LedgerException.class,
                        refused -> org.assertj.core.api.Assertions.assertThat(refused.code()).isEqualTo(ErrorCode.WRONG_STAGE));
    }

    @Nested
    class AfterPublication {
        private final Actor admin = TestSets.ADMIN;

        private Object[] published() {
            return new Object[]{opened(), selfScored("1.2", null, "6"), submitted("6"),
                    new AppraisedScoreRecorded(ID, "1.2", p("6"), null, p("5"), "thiếu", APPRAISER),
                    new AssessmentVerified(ID, p("5"), p("15"), ADMIN),
                    new AssessmentPublished(ID, "12/QĐ-BCĐ", java.time.LocalDate.of(2024, 3, 1), p("33.33"), 9, 63, ADMIN)};
        }

        @Test
        void anAdminCorrectsAPublishedLeafWithReasonAndReference() {
            fixture.given(published())
                    .when(new CorrectPublishedScore(ID, "1.2", p("6"), "Phúc tra", "CV 77/BNV", by(admin)))
                    .expectEvents(new PublishedScoreCorrected(ID, "1.2", org.parledger.api.indexset.ScoringSource.EVIDENCE,
                            p("5"), p("6"), "Phúc tra", "CV 77/BNV", admin));
        }

        @Test
        void aSurveyLeafIsCorrectedInItsSurveyPoints() {
            fixture.given(published())
                    .when(new CorrectPublishedScore(ID, "2.1", p("4"), "Phúc tra", "CV 77/BNV", by(admin)))
                    .expectEvents(new PublishedScoreCorrected(ID, "2.1", org.parledger.api.indexset.ScoringSource.SURVEY,
                            null, p("4"), "Phúc tra", "CV 77/BNV", admin));
        }

        @Test
        void onlyAnAdminCorrectsAndOnlyWithAReference() {
            fixture.given(published())
                    .when(new CorrectPublishedScore(ID, "1.2", p("6"), "Phúc tra", "CV 77/BNV", by(new Actor("c", "COUNCIL"))))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_ROLE, null));
            fixture.given(published())
                    .when(new CorrectPublishedScore(ID, "1.2", p("6"), "Phúc tra", " ", by(admin)))
                    .expectNoEvents().expectException(refusal(ErrorCode.REFERENCE_REQUIRED, "reference"));
        }

        @Test
        void beforePublicationThisCorrectionIsRefused() {
            fixture.given(opened(), submitted("0"))
                    .when(new CorrectPublishedScore(ID, "1.2", p("6"), "x", "y", by(admin)))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_STAGE, null));
        }

        @Test
        void aPublishedAssessmentTakesNoOrdinaryAppraisal() {
            fixture.given(published())
                    .when(new RecordAppraisedScore(ID, "1.2", p("6"), "x", by(APPRAISER)))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_STAGE, null));
        }
    }

    @Nested
    class Permissions {
        @Test
        void onlyAnAdminOrTheCouncilOpensAnAssessment() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAssessment(ID, TestSets.CODE, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.WRONG_ROLE, null));
        }

        @Test
        void someoneWhoMayNotOpenOneIsRefusedForThatAlsoWhenItIsOpenAlready() {
            // An opening loads an existing stream: who may open is still asked first, whatever the stream holds.
            fixture.given(opened())
                    .when(new OpenAssessment(ID, TestSets.CODE, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.WRONG_ROLE, null));
        }

        @Test
        void anAppraiserDoesNotSelfScore() {
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.2", p("5"), EVIDENCE, null, by(APPRAISER)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.WRONG_ROLE, null));
        }

        @Test
        void anAssessorOfAnotherUnitDoesNotSelfScoreOrSubmit() {
            Actor other = new Actor("assessor-31", "ASSESSOR", "31");
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.2", p("5"), EVIDENCE, null, by(other)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.WRONG_UNIT, null));
            fixture.given(opened())
                    .when(new SubmitSelfAssessment(ID, by(other)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.WRONG_UNIT, null));
        }

        @Test
        void anAgencyDoesNotAppraiseLeavesItIsNotResponsibleFor() {
            fixture.given(opened(), selfScored("1.2", null, "5"), submitted("5"))
                    .when(new RecordAppraisedScore(ID, "1.2", p("5"), null, by(new Actor("appraiser-stp", "APPRAISER", "STP"))))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.WRONG_AGENCY, null));
        }

        @Test
        void theCouncilAppraisesAnyLeaf() {
            Actor council = new Actor("council-1", "COUNCIL");
            fixture.given(opened(), selfScored("1.2", null, "5"), submitted("5"))
                    .when(new RecordAppraisedScore(ID, "1.2", p("5"), null, by(council)))
                    .expectEvents(new AppraisedScoreRecorded(ID, "1.2", p("5"), null, p("5"), null, council));
        }

        @Test
        void onlyTheSurveyTeamRecordsSurveyPoints() {
            fixture.given(opened())
                    .when(new RecordSurveyScore(ID, "2.1", p("4"), by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.WRONG_ROLE, null));
        }
    }

    /** A person may hold several grants; the command picks the one that allows it, and its event records that one. */
    @Nested
    class Grants {
        private final Principal assessorAndAppraiser = new Principal("nguyen.van.b", "Nguyễn Văn B",
                List.of(new Grant(Role.ASSESSOR, "31"), new Grant(Role.APPRAISER, "SNV")), Principal.BEARER, "10.0.0.7");

        @Test
        void theGrantThatAllowsTheCommandIsRecorded() {
            fixture.given(opened(), selfScored("1.2", null, "5"), submitted("5"))
                    .when(new RecordAppraisedScore(ID, "1.2", p("5"), null, assessorAndAppraiser))
                    .expectEvents(new AppraisedScoreRecorded(ID, "1.2", p("5"), null, p("5"), null,
                            new Actor("nguyen.van.b", "APPRAISER", "SNV")));
        }

        @Test
        void anAssessorGrantForAnotherUnitDoesNotSelfScoreHere() {
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.2", p("5"), EVIDENCE, null, assessorAndAppraiser))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_UNIT, null));
        }

        @Test
        void anAppraiserWhoIsAlsoOnTheCouncilIsRecordedAsTheLeafsAgencyWhereItIsResponsible() {
            Principal both = new Principal("tran.thi.c", null, List.of(new Grant(Role.COUNCIL, null),
                    new Grant(Role.APPRAISER, "SNV")), Principal.BASIC, null);
            fixture.given(opened(), selfScored("1.2", null, "5"), submitted("5"))
                    .when(new RecordAppraisedScore(ID, "1.2", p("5"), null, both))
                    .expectEvents(new AppraisedScoreRecorded(ID, "1.2", p("5"), null, p("5"), null,
                            new Actor("tran.thi.c", "APPRAISER", "SNV")));
        }

        @Test
        void anAppraiserLimitedToAJurisdictionAppraisesItsUnitsOnly() {
            Object[] submitted = {opened(), selfScored("1.2", null, "5"), submitted("5")};
            fixture.given(submitted)
                    .when(new RecordAppraisedScore(ID, "1.2", p("5"), null, by(new Actor("snv-qn", "APPRAISER", "SNV@22"))))
                    .expectEvents(new AppraisedScoreRecorded(ID, "1.2", p("5"), null, p("5"), null, new Actor("snv-qn", "APPRAISER", "SNV@22")));
            fixture.given(submitted)
                    .when(new RecordAppraisedScore(ID, "1.2", p("5"), null, by(new Actor("snv-hn", "APPRAISER", "SNV@01"))))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_UNIT, null));
        }

        @Test
        void anInspectorChangesNothing() {
            Principal inspector = Principal.system("inspector-1", Role.INSPECTOR);
            fixture.givenNoPriorActivity().when(new OpenAssessment(ID, TestSets.CODE, inspector))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_ROLE, null));
            fixture.given(opened()).when(new RecordSelfScore(ID, "1.2", p("5"), EVIDENCE, null, inspector))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_ROLE, null));
            fixture.given(opened(), selfScored("1.2", null, "5"), submitted("5"))
                    .when(new RecordAppraisedScore(ID, "1.2", p("5"), null, inspector))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_ROLE, null));
            fixture.given(opened(), selfScored("1.2", null, "5"), submitted("5"))
                    .when(new VerifyAssessment(ID, inspector))
                    .expectNoEvents().expectException(refusal(ErrorCode.WRONG_ROLE, null));
        }
    }

    /**
     * Nobody checks their own work: whoever took part in the self-assessment neither appraises, decides a contest
     * on, sends the results of nor verifies the assessment; whoever appraised a leaf does not verify it.
     */
    @Nested
    class SeparationOfDuties {
        /** One person who is the unit's assessor, an SNV appraiser and on the council. */
        private final Principal everything = new Principal("le.van.d", null, List.of(new Grant(Role.ASSESSOR, "22"),
                new Grant(Role.APPRAISER, "SNV"), new Grant(Role.COUNCIL, null)), Principal.BEARER, null);
        private final Actor asAssessor = new Actor("le.van.d", "ASSESSOR", "22");
        private final Actor asAppraiser = new Actor("le.van.d", "APPRAISER", "SNV");
        private final Actor council = new Actor("council-1", "COUNCIL");

        private Object[] selfScoredBy(Actor actor) {
            return new Object[]{opened(), new SelfScoreRecorded(ID, "1.2", null, p("5"), EVIDENCE, null, actor),
                    new SelfAssessmentSubmitted(ID, p("5"), ASSESSOR)};
        }

        @Test
        void whoSelfScoredDoesNotAppraise() {
            fixture.given(selfScoredBy(asAssessor))
                    .when(new RecordAppraisedScore(ID, "1.2", p("5"), null, everything))
                    .expectNoEvents().expectException(refusal(ErrorCode.SEPARATION_OF_DUTIES, null));
        }

        @Test
        void whoSubmittedDoesNotAppraiseEither() {
            fixture.given(opened(), selfScored("1.2", null, "5"), new SelfAssessmentSubmitted(ID, p("5"), asAssessor))
                    .when(new RecordAppraisedScore(ID, "1.2", p("5"), null, everything))
                    .expectNoEvents().expectException(refusal(ErrorCode.SEPARATION_OF_DUTIES, null));
        }

        @Test
        void whoSelfScoredDoesNotVerifyDeductOrSendTheResults() {
            Object[] appraised = {opened(), new SelfScoreRecorded(ID, "1.2", null, p("5"), EVIDENCE, null, asAssessor),
                    new SelfAssessmentSubmitted(ID, p("5"), ASSESSOR),
                    new AppraisedScoreRecorded(ID, "1.2", p("5"), null, p("5"), null, APPRAISER),
                    new SurveyScoreRecorded(ID, "2.1", null, p("3"), SURVEY)};
            fixture.given(appraised).when(new VerifyAssessment(ID, everything))
                    .expectNoEvents().expectException(refusal(ErrorCode.SEPARATION_OF_DUTIES, null));
            fixture.given(appraised).when(new RecordDeduction(ID, p("1"), "muộn", everything))
                    .expectNoEvents().expectException(refusal(ErrorCode.SEPARATION_OF_DUTIES, null));
            fixture.given(appraised).when(new SendPreliminaryResults(ID, everything))
                    .expectNoEvents().expectException(refusal(ErrorCode.SEPARATION_OF_DUTIES, null));
        }

        @Test
        void whoAppraisedALeafDoesNotVerify() {
            fixture.given(opened(), selfScored("1.2", null, "5"), submitted("5"),
                            new AppraisedScoreRecorded(ID, "1.2", p("5"), null, p("5"), null, asAppraiser),
                            new SurveyScoreRecorded(ID, "2.1", null, p("3"), SURVEY))
                    .when(new VerifyAssessment(ID, everything))
                    .expectNoEvents().expectException(refusal(ErrorCode.SEPARATION_OF_DUTIES, null));
        }

        @Test
        void whoContestedDoesNotDecideTheContest() {
            fixture.given(opened(), selfScored("1.2", null, "6"), submitted("6"),
                            new AppraisedScoreRecorded(ID, "1.2", p("6"), null, p("4"), "thiếu", APPRAISER),
                            new PreliminaryResultsSent(ID, p("4"), council),
                            new AppraisalContested(ID, "1.2", p("4"), "có kế hoạch", asAssessor))
                    .when(new DecideContest(ID, "1.2", p("6"), "đủ", everything))
                    .expectNoEvents().expectException(refusal(ErrorCode.SEPARATION_OF_DUTIES, null));
        }

        @Test
        void whoAppraisedDoesNotContestOrAcceptForTheUnit() {
            Object[] sent = {opened(), selfScored("1.2", null, "6"), submitted("6"),
                    new AppraisedScoreRecorded(ID, "1.2", p("6"), null, p("4"), "thiếu", asAppraiser),
                    new PreliminaryResultsSent(ID, p("4"), council)};
            fixture.given(sent).when(new ContestAppraisal(ID, "1.2", "có", everything))
                    .expectNoEvents().expectException(refusal(ErrorCode.SEPARATION_OF_DUTIES, null));
            fixture.given(sent).when(new AcceptAppraisal(ID, "1.2", everything))
                    .expectNoEvents().expectException(refusal(ErrorCode.SEPARATION_OF_DUTIES, null));
        }

        @Test
        void otherPeopleTakeEachPart() {
            fixture.given(opened(), new CriterionMarkedNotApplicable(ID, "1.1.2", "không phát sinh", ASSESSOR),
                            selfScored("1.2", null, "5"), submitted("5"),
                            new AppraisedScoreRecorded(ID, "1.1.1", null, null, p("2"), "có tài liệu", APPRAISER),
                            new AppraisedScoreRecorded(ID, "1.2", p("5"), null, p("5"), null, APPRAISER),
                            new SurveyScoreRecorded(ID, "2.1", null, p("3"), SURVEY))
                    .when(new VerifyAssessment(ID, everything))
                    .expectEvents(new AssessmentVerified(ID, p("10"), p("13"), new Actor("le.van.d", "COUNCIL", null)));
        }
    }

    @Nested
    class NotApplicable {
        private final CriterionMarkedNotApplicable marked =
                new CriterionMarkedNotApplicable(ID, "1.1.2", "Đơn vị không giải quyết TTHC", ASSESSOR);

        @Test
        void aLeafTheSetAllowsToWaiveIsMarkedNotApplicable() {
            fixture.given(opened())
                    .when(new MarkCriterionNotApplicable(ID, "1.1.2", " Đơn vị không giải quyết TTHC ", by(ASSESSOR)))
                    .expectEvents(marked);
        }

        @Test
        void aLeafTheSetDoesNotAllowToWaiveIsRefused() {
            fixture.given(opened())
                    .when(new MarkCriterionNotApplicable(ID, "1.2", "lý do", by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.NOT_APPLICABLE_NOT_ALLOWED, "criterion"));
        }

        @Test
        void aMarkNeedsAReason() {
            fixture.given(opened())
                    .when(new MarkCriterionNotApplicable(ID, "1.1.2", null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.REASON_REQUIRED, "reason"));
        }

        @Test
        void markingTwiceIsRefused() {
            fixture.given(opened(), marked)
                    .when(new MarkCriterionNotApplicable(ID, "1.1.2", "lại", by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.NOTHING_TO_CORRECT, "criterion"));
        }

        @Test
        void aLeafMarkedNotApplicableTakesNoSelfScore() {
            fixture.given(opened(), marked)
                    .when(new RecordSelfScore(ID, "1.1.2", p("1"), EVIDENCE, null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.CRITERION_NOT_APPLICABLE, "criterion"));
        }

        @Test
        void aLeafMarkedNotApplicableIsNotAppraised() {
            fixture.given(opened(), marked, submitted("0"))
                    .when(new RecordAppraisedScore(ID, "1.1.2", p("1"), "x", by(APPRAISER)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.CRITERION_NOT_APPLICABLE, "criterion"));
        }

        @Test
        void theMarkIsWithdrawnAndTheLeafScorableAgain() {
            fixture.given(opened(), marked)
                    .when(new MarkCriterionApplicable(ID, "1.1.2", "Có phát sinh TTHC", by(ASSESSOR)))
                    .expectEvents(new CriterionMarkedApplicable(ID, "1.1.2", "Có phát sinh TTHC", ASSESSOR));
        }

        @Test
        void withdrawingAMarkThatDoesNotExistIsRefused() {
            fixture.given(opened())
                    .when(new MarkCriterionApplicable(ID, "1.1.2", "x", by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.NOTHING_TO_CORRECT, "criterion"));
        }

        @Test
        void markingAfterSubmissionIsRefused() {
            fixture.given(opened(), submitted("0"))
                    .when(new MarkCriterionNotApplicable(ID, "1.1.2", "x", by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.WRONG_STAGE, null));
        }

        @Test
        void theSubmittedTotalLeavesOutAScoreOnALeafMarkedAfterwards() {
            fixture.given(opened(), selfScored("1.1.2", null, "2"), selfScored("1.2", null, "5"), marked)
                    .when(new SubmitSelfAssessment(ID, by(ASSESSOR)))
                    .expectEvents(submitted("5"));
        }

        @Test
        void aLoweredMaximumAppliesToTheNextScore() {
            sets.put(TestSets.CODE, TestSets.province().withNodes(
                    n -> n.code().equals("1.2") ? n.withMaximum(p("4")) : n.code().equals("1.1.1") ? n.withMaximum(p("4")) : n));
            fixture.given(opened())
                    .when(new RecordSelfScore(ID, "1.2", p("5"), EVIDENCE, null, by(ASSESSOR)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.POINTS_OUT_OF_RANGE, "points"));
        }
    }

    @Nested
    class Appraisal {
        @Test
        void appraisalBeforeSubmissionIsRefused() {
            fixture.given(opened(), selfScored("1.2", null, "5"))
                    .when(new RecordAppraisedScore(ID, "1.2", p("4"), "thiếu tài liệu", by(APPRAISER)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.WRONG_STAGE, null));
        }

        @Test
        void recognisingTheSelfScoreNeedsNoReason() {
            fixture.given(opened(), selfScored("1.2", null, "5"), submitted("5"))
                    .when(new RecordAppraisedScore(ID, "1.2", p("5.00"), null, by(APPRAISER)))
                    .expectEvents(new AppraisedScoreRecorded(ID, "1.2", p("5"), null, p("5"), null, APPRAISER));
        }

        @Test
        void anAdjustmentKeepsBothScoresAndTheReason() {
            fixture.given(opened(), selfScored("1.2", null, "5"), submitted("5"))
                    .when(new RecordAppraisedScore(ID, "1.2", p("3.5"), "Tài liệu kiểm chứng chưa đầy đủ", by(APPRAISER)))
                    .expectEvents(new AppraisedScoreRecorded(ID, "1.2", p("5"), null, p("3.5"),
                            "Tài liệu kiểm chứng chưa đầy đủ", APPRAISER));
        }

        @Test
        void anAdjustmentWithoutReasonIsRefused() {
            fixture.given(opened(), selfScored("1.2", null, "5"), submitted("5"))
                    .when(new RecordAppraisedScore(ID, "1.2", p("3.5"), "  ", by(APPRAISER)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.REASON_REQUIRED, "reason"));
        }

        @Test
        void aLeafTheUnitDidNotScoreCanBeAppraisedWithAReason() {
            fixture.given(opened(), submitted("0"))
                    .when(new RecordAppraisedScore(ID, "1.1.2", p("1"), "Có tài liệu tại hồ sơ thẩm định", by(APPRAISER)))
                    .expectEvents(new AppraisedScoreRecorded(ID, "1.1.2", null, null, p("1"),
                            "Có tài liệu tại hồ sơ thẩm định", APPRAISER));
        }

        @Test
        void anAppraisalRevisionNamesThePreviousAppraisal() {
            fixture.given(opened(), selfScored("1.2", null, "5"), submitted("5"),
                            new AppraisedScoreRecorded(ID, "1.2", p("5"), null, p("3"), "thiếu", APPRAISER))
                    .when(new RecordAppraisedScore(ID, "1.2", p("4"), "bổ sung tài liệu", by(APPRAISER)))
                    .expectEvents(new AppraisedScoreRecorded(ID, "1.2", p("5"), p("3"), p("4"), "bổ sung tài liệu", APPRAISER));
        }

        @Test
        void appraisedPointsAboveTheMaximumAreRefused() {
            fixture.given(opened(), submitted("0"))
                    .when(new RecordAppraisedScore(ID, "1.2", p("6.5"), "quá điểm", by(APPRAISER)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.POINTS_OUT_OF_RANGE, "points"));
        }

        @Test
        void anUnknownCriterionIsRefused() {
            fixture.given(opened(), submitted("0"))
                    .when(new RecordAppraisedScore(ID, "7.7", p("1"), "x", by(APPRAISER)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.UNKNOWN_CRITERION, "criterion"));
        }

        @Test
        void aSurveyCriterionIsNotAppraised() {
            fixture.given(opened(), submitted("0"))
                    .when(new RecordAppraisedScore(ID, "2.1", p("1"), "x", by(APPRAISER)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.SURVEY_SCORED_CRITERION, "criterion"));
        }
    }

    @Nested
    class Survey {
        @Test
        void surveyPointsAreRecordedOnASurveyCriterion() {
            fixture.given(opened())
                    .when(new RecordSurveyScore(ID, "2.1", p("4.75"), by(SURVEY)))
                    .expectEvents(new SurveyScoreRecorded(ID, "2.1", null, p("4.75"), SURVEY));
        }

        @Test
        void aSurveyRevisionNamesThePreviousPoints() {
            fixture.given(opened(), new SurveyScoreRecorded(ID, "2.1", null, p("4.75"), SURVEY))
                    .when(new RecordSurveyScore(ID, "2.1", p("4.5"), by(SURVEY)))
                    .expectEvents(new SurveyScoreRecorded(ID, "2.1", p("4.75"), p("4.5"), SURVEY));
        }

        @Test
        void anEvidenceCriterionTakesNoSurveyPoints() {
            fixture.given(opened())
                    .when(new RecordSurveyScore(ID, "1.2", p("4"), by(SURVEY)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.EVIDENCE_SCORED_CRITERION, "criterion"));
        }

        @Test
        void surveyPointsAboveTheMaximumAreRefused() {
            fixture.given(opened())
                    .when(new RecordSurveyScore(ID, "2.1", p("5.25"), by(SURVEY)))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.POINTS_OUT_OF_RANGE, "points"));
        }
    }

    /**
     * On Axon Server a node can die after the events of a request committed and before its processed-request row did;
     * the retry reaches a node that loads the stream, metadata and all, and must not record the change again.
     */
    @Nested
    class RetriesOfRequestsTheStreamRecorded {
        private final RecordSelfScore score = new RecordSelfScore(ID, "1.2", p("4"), EVIDENCE, null, by(ASSESSOR));

        /** An event as a request recorded it on Axon Server: its metadata names the whole request. */
        private org.axonframework.eventhandling.EventMessage<?> recordedBy(String requestId, Object command, Object event) {
            return org.axonframework.eventhandling.GenericEventMessage.asEventMessage(event).andMetaData(Map.of(
                    ProcessedRequests.REQUEST_ID, requestId, ProcessedRequests.REQUEST_COMMAND, command.getClass().getName(),
                    ProcessedRequests.REQUEST_STREAM, org.parledger.api.StreamIds.of(command),
                    ProcessedRequests.REQUEST_HASH, ProcessedRequests.hash(command)));
        }

        @Test
        void aRetryIsAnsweredWithTheFirstVersionAndRecordsNothing() {
            fixture.given(opened(), recordedBy("rq-1", score, selfScored("1.2", null, "4")), selfScored("1.3", null, "2"))
                    .when(score, Map.of(ProcessedRequests.REQUEST_ID, "rq-1"))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void aRetryKeepsItsFirstAttemptsExpectedVersionAndIsAnsweredAsTheFirstAttemptWas() {
            // The stream moved on with the first attempt (and with another change since): the retry changes nothing.
            fixture.given(opened(), recordedBy("rq-1", score, selfScored("1.2", null, "4")), selfScored("1.3", null, "2"))
                    .when(score, Map.of(ProcessedRequests.REQUEST_ID, "rq-1", LedgerCommandTargetResolver.EXPECTED_VERSION, 0L))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void aNewRequestBasedOnAVersionTheStreamHasPassedIsStillAConflict() {
            fixture.given(opened(), recordedBy("rq-1", score, selfScored("1.2", null, "4")))
                    .when(new RecordSelfScore(ID, "1.2", p("5"), EVIDENCE, null, by(ASSESSOR)),
                            Map.of(ProcessedRequests.REQUEST_ID, "rq-2", LedgerCommandTargetResolver.EXPECTED_VERSION, 0L))
                    .expectNoEvents()
                    .expectException(org.axonframework.modelling.command.ConflictingAggregateVersionException.class);
        }

        @Test
        void aRetryOfTheOpeningIsAnsweredAsTheFirstAttemptWas() {
            OpenAssessment open = new OpenAssessment(ID, TestSets.CODE, by(ADMIN));
            fixture.given(recordedBy("rq-open", open, opened()), selfScored("1.2", null, "4"))
                    .when(open, Map.of(ProcessedRequests.REQUEST_ID, "rq-open"))
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void anotherOpeningOfAnOpenAssessmentIsRefusedEvenWithItsOwnRequestId() {
            OpenAssessment open = new OpenAssessment(ID, TestSets.CODE, by(ADMIN));
            fixture.given(recordedBy("rq-open", open, opened()))
                    .when(open, Map.of(ProcessedRequests.REQUEST_ID, "rq-other"))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.ALREADY_EXISTS, null));
        }

        @Test
        void theSameCommandWithAnotherRequestIdIsANewChange() {
            fixture.given(opened(), recordedBy("rq-1", score, selfScored("1.2", null, "4")))
                    .when(score, Map.of(ProcessedRequests.REQUEST_ID, "rq-2"))
                    .expectEvents(selfScored("1.2", "4", "4"))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void aRequestIdReusedWithOtherArgumentsIsRefusedAsAConflict() {
            fixture.given(opened(), recordedBy("rq-1", score, selfScored("1.2", null, "4")))
                    .when(new RecordSelfScore(ID, "1.2", p("5"), EVIDENCE, null, by(ASSESSOR)), Map.of(ProcessedRequests.REQUEST_ID, "rq-1"))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.CONFLICT, "requestId"));
        }

        @Test
        void aRequestIdReusedForAnotherCommandWithTheSameArgumentsIsRefusedAsAConflict() {
            MarkCriterionNotApplicable mark = new MarkCriterionNotApplicable(ID, "1.2", "Không có", by(ASSESSOR));
            MarkCriterionApplicable unmark = new MarkCriterionApplicable(ID, "1.2", "Không có", by(ASSESSOR));
            fixture.given(opened(), recordedBy("rq-1", mark, new CriterionMarkedNotApplicable(ID, "1.2", "Không có", ASSESSOR)))
                    .when(unmark, Map.of(ProcessedRequests.REQUEST_ID, "rq-1"))
                    .expectNoEvents()
                    .expectException(refusal(ErrorCode.CONFLICT, "requestId"));
        }

        @Test
        void aBatchIsAnsweredWithTheVersionAfterItsLastLeaf() {
            RecordSelfScores batch = new RecordSelfScores(ID, List.of(
                    new RecordSelfScores.Leaf("1.2", p("4"), EVIDENCE, null), new RecordSelfScores.Leaf("1.3", p("2"), EVIDENCE, null)),
                    by(ASSESSOR));
            fixture.given(opened(), recordedBy("rq-batch", batch, selfScored("1.2", null, "4")),
                            recordedBy("rq-batch", batch, selfScored("1.3", null, "2")))
                    .when(batch, Map.of(ProcessedRequests.REQUEST_ID, "rq-batch"))
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void eventsThatNameOnlyTheRequestIdLeaveRetriesToTheProcessedRequestsTable() {
            // PostgreSQL's ledger: the row commits with the events and answers a retry before the stream is loaded.
            fixture.given(opened(), org.axonframework.eventhandling.GenericEventMessage.asEventMessage(selfScored("1.2", null, "4"))
                            .andMetaData(Map.of(ProcessedRequests.REQUEST_ID, "rq-1")))
                    .when(score, Map.of(ProcessedRequests.REQUEST_ID, "rq-1"))
                    .expectEvents(selfScored("1.2", "4", "4"));
        }

        @Test
        void onlyTheStreamsLatestRequestsAreKept() {
            List<Object> given = new java.util.ArrayList<>(List.of(opened()));
            for (int i = 0; i <= 32; i++) {
                RecordSelfScore change = new RecordSelfScore(ID, "1.2", p(String.valueOf(i % 5)), EVIDENCE, null, by(ASSESSOR));
                given.add(recordedBy("rq-" + i, change, selfScored("1.2", i == 0 ? null : String.valueOf((i - 1) % 5), String.valueOf(i % 5))));
            }
            RecordSelfScore first = new RecordSelfScore(ID, "1.2", p("0"), EVIDENCE, null, by(ASSESSOR));
            fixture.given(given)
                    .when(first, Map.of(ProcessedRequests.REQUEST_ID, "rq-0"))
                    .expectEvents(selfScored("1.2", "2", "0"));
            RecordSelfScore second = new RecordSelfScore(ID, "1.2", p("1"), EVIDENCE, null, by(ASSESSOR));
            fixture.given(given)
                    .when(second, Map.of(ProcessedRequests.REQUEST_ID, "rq-1"))
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }
    }
}
