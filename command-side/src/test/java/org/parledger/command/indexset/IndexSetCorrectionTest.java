package org.parledger.command.indexset;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.indexset.AppraisingAgencyCorrected;
import org.parledger.api.indexset.ApplicabilityCorrected;
import org.parledger.api.indexset.ClassificationBand;
import org.parledger.api.indexset.ClassificationBandsCorrected;
import org.parledger.api.indexset.CorrectAppraisingAgency;
import org.parledger.api.indexset.CorrectApplicability;
import org.parledger.api.indexset.CorrectClassificationBands;
import org.parledger.api.indexset.CorrectMaxima;
import org.parledger.api.indexset.CorrectScoringSource;
import org.parledger.api.indexset.IndexSetDefined;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.IndexSetHistory;
import org.parledger.api.indexset.MaximaCorrected;
import org.parledger.api.indexset.MaximumChange;
import org.parledger.api.indexset.MaximumCorrection;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.indexset.ScoringSourceCorrected;
import org.parledger.command.support.LedgerCommandTargetResolver;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.command.support.Refusal.refusal;
import static org.parledger.command.support.TestSets.ADMIN;
import static org.parledger.command.support.TestSets.CODE;
import static org.parledger.command.support.TestSets.province;
import static org.parledger.command.support.TestSets.by;

/** Rule corrections on the test set: field 1 (10) = 1.1 (4: 1.1.1 2 + 1.1.2 2) + 1.2 (6); field 2 (5) = survey 2.1. */
class IndexSetCorrectionTest {
    private static final String REASON = "Sai sót khi ban hành";
    private static final String REFERENCE = "Công văn 15/BNV-CCHC";
    private AggregateTestFixture<IndexSet> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(IndexSet.class);
        fixture.registerInjectableResource((org.parledger.command.unit.UnitDirectory) code -> java.util.Optional.empty());
        fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
    }

    private static IndexSetDefined defined() {
        return new IndexSetDefined(province(), ADMIN);
    }

    private static MaximumCorrection max(String code, String maximum) {
        return new MaximumCorrection(code, new BigDecimal(maximum));
    }

    private static MaximumChange change(String code, String previous, String corrected) {
        return new MaximumChange(code, new BigDecimal(previous), new BigDecimal(corrected));
    }

    @Test
    void maximaCorrectedTogetherKeepTheTreeAddingUp() {
        fixture.given(defined())
                .when(new CorrectMaxima(CODE, List.of(max("1.1.1", "1.5"), max("1.1.2", "2.5")), REASON, REFERENCE, by(ADMIN)))
                .expectEvents(new MaximaCorrected(CODE, List.of(change("1.1.1", "2", "1.5"), change("1.1.2", "2", "2.5")),
                        REASON, REFERENCE, ADMIN));
    }

    @Test
    void aCorrectionThatBreaksASumIsRefusedNamingTheParent() {
        fixture.given(defined())
                .when(new CorrectMaxima(CODE, List.of(max("1.1.1", "1.5")), REASON, REFERENCE, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.INVALID_INDEX_SET, "1.1"));
    }

    @Test
    void aCorrectionOfAnUnknownNodeIsRefused() {
        fixture.given(defined())
                .when(new CorrectMaxima(CODE, List.of(max("9.9", "1")), REASON, REFERENCE, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.UNKNOWN_CRITERION, "code"));
    }

    @Test
    void aCorrectionNeedsAReasonAndAReference() {
        fixture.given(defined())
                .when(new CorrectScoringSource(CODE, "1.2", ScoringSource.SURVEY, " ", REFERENCE, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.REASON_REQUIRED, "reason"));
        fixture.given(defined())
                .when(new CorrectScoringSource(CODE, "1.2", ScoringSource.SURVEY, REASON, null, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.REFERENCE_REQUIRED, "reference"));
    }

    @Test
    void aCorrectionThatChangesNothingIsRefused() {
        fixture.given(defined())
                .when(new CorrectMaxima(CODE, List.of(max("1.2", "6.00")), REASON, REFERENCE, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOTHING_TO_CORRECT, "corrections"));
    }

    @Test
    void aLeafsScoringSourceIsCorrected() {
        fixture.given(defined())
                .when(new CorrectScoringSource(CODE, "1.2", ScoringSource.SURVEY, REASON, REFERENCE, by(ADMIN)))
                .expectEvents(new ScoringSourceCorrected(CODE, "1.2", ScoringSource.EVIDENCE, ScoringSource.SURVEY,
                        REASON, REFERENCE, ADMIN));
    }

    @Test
    void aNodeWithChildrenTakesNoScoringSource() {
        fixture.given(defined())
                .when(new CorrectScoringSource(CODE, "1.1", ScoringSource.SURVEY, REASON, REFERENCE, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.INVALID_INDEX_SET, "1.1"));
    }

    @Test
    void anAppraisingAgencyIsCorrectedOnOneNode() {
        fixture.given(defined())
                .when(new CorrectAppraisingAgency(CODE, "1.2", "STP", REASON, REFERENCE, by(ADMIN)))
                .expectEvents(new AppraisingAgencyCorrected(CODE, "1.2", null, "STP", REASON, REFERENCE, ADMIN));
    }

    @Test
    void anAgencyTheSetDoesNotListIsRefused() {
        fixture.given(defined())
                .when(new CorrectAppraisingAgency(CODE, "1.2", "XYZ", REASON, REFERENCE, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.INVALID_INDEX_SET, "1.2"));
    }

    @Test
    void removingTheOnlyAgencyOfEvidenceLeavesIsRefused() {
        fixture.given(defined())
                .when(new CorrectAppraisingAgency(CODE, "1", null, REASON, REFERENCE, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.INVALID_INDEX_SET, "1.1.1"));
    }

    @Test
    void applicabilityIsCorrectedOnALeaf() {
        fixture.given(defined())
                .when(new CorrectApplicability(CODE, "1.2", true, REASON, REFERENCE, by(ADMIN)))
                .expectEvents(new ApplicabilityCorrected(CODE, "1.2", false, true, REASON, REFERENCE, ADMIN));
    }

    @Test
    void classificationBandsAreCorrectedAndDuplicatesRefused() {
        List<ClassificationBand> bands = List.of(new ClassificationBand("Tốt", new BigDecimal("90")),
                new ClassificationBand("Khá", new BigDecimal("80")));
        fixture.given(defined())
                .when(new CorrectClassificationBands(CODE, bands, REASON, REFERENCE, by(ADMIN)))
                .expectEvents(new ClassificationBandsCorrected(CODE, province().bands(), bands, REASON, REFERENCE, ADMIN));
        fixture.given(defined())
                .when(new CorrectClassificationBands(CODE, List.of(bands.get(0), bands.get(0)), REASON, REFERENCE, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.INVALID_INDEX_SET, "bands"));
        List<ClassificationBand> many = new java.util.ArrayList<>();
        for (int i = 0; i <= IndexSetRulesCheck.MAX_BANDS; i++) many.add(new ClassificationBand("Hạng " + i, BigDecimal.valueOf(i)));
        fixture.given(defined())
                .when(new CorrectClassificationBands(CODE, many, REASON, REFERENCE, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.INVALID_INDEX_SET, "bands"));
    }

    @Test
    void aLaterCorrectionStartsFromTheCorrectedRules() {
        MaximaCorrected first = new MaximaCorrected(CODE, List.of(change("1.1.1", "2", "1.5"), change("1.1.2", "2", "2.5")),
                REASON, REFERENCE, ADMIN);
        fixture.given(defined(), first)
                .when(new CorrectMaxima(CODE, List.of(max("1.1.1", "1"), max("1.1.2", "3")), REASON, REFERENCE, by(ADMIN)))
                .expectEvents(new MaximaCorrected(CODE, List.of(change("1.1.1", "1.5", "1"), change("1.1.2", "2.5", "3")),
                        REASON, REFERENCE, ADMIN));
    }

    @Test
    void theHistoryFoldsCorrectionsIntoTheRulesWithoutTouchingTheDefinition() {
        IndexSetDefinition original = province();
        IndexSetDefinition corrected = IndexSetHistory.fold(IndexSetHistory.fold(null, defined()),
                new MaximaCorrected(CODE, List.of(change("1.1.1", "2", "1.5"), change("1.1.2", "2", "2.5")), REASON, REFERENCE, ADMIN));
        assertThat(corrected.leafRules().get("1.1.1").maximum()).isEqualByComparingTo("1.5");
        assertThat(corrected.leafRules().get("1.1.2").maximum()).isEqualByComparingTo("2.5");
        assertThat(original.leafRules().get("1.1.1").maximum()).isEqualByComparingTo("2");
    }
}
