package org.parledger.command.indexset;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parledger.command.support.LedgerCommandTargetResolver;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.indexset.DefineIndexSet;
import org.parledger.api.indexset.IndexNode;
import org.parledger.api.indexset.IndexSetDefined;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.ScoringSource;

import java.math.BigDecimal;
import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.parledger.command.support.Refusal.refusal;
import static org.parledger.command.support.TestSets.ADMIN;
import static org.parledger.command.support.TestSets.leaf;
import static org.parledger.command.support.TestSets.node;
import static org.parledger.command.support.TestSets.province;
import static org.parledger.command.support.TestSets.withFields;
import static org.parledger.command.support.TestSets.by;

class IndexSetTest {
    private AggregateTestFixture<IndexSet> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(IndexSet.class);
        fixture.registerInjectableResource((org.parledger.command.unit.UnitDirectory) code -> java.util.Optional.empty());
        fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
    }

    @Test
    void aValidSetIsDefined() {
        fixture.givenNoPriorActivity()
                .when(new DefineIndexSet(province(), by(ADMIN)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new IndexSetDefined(province(), ADMIN));
    }

    @Test
    void onlyAnAdminDefinesASet() {
        fixture.givenNoPriorActivity()
                .when(new DefineIndexSet(province(), by(new org.parledger.api.common.Actor("a-22", "ASSESSOR", "22"))))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.WRONG_ROLE, null));
    }

    @Test
    void childrenThatDoNotAddUpToTheirParentAreRefusedNamingTheParent() {
        IndexSetDefinition broken = withFields("15",
                node("1", "10", leaf("1.1", "3", ScoringSource.EVIDENCE), leaf("1.2", "6", ScoringSource.EVIDENCE)),
                node("2", "5", leaf("2.1", "5", ScoringSource.SURVEY)));
        refused(broken, "1", "add up to 9, not node 1's maximum 10");
    }

    @Test
    void fieldsThatDoNotAddUpToTheScaleAreRefused() {
        refused(withFields("100", node("1", "10", leaf("1.1", "10", ScoringSource.EVIDENCE))), "scale",
                "add up to 10, not the scale 100");
    }

    @Test
    void aDuplicateCodeIsRefusedNamingTheCode() {
        IndexSetDefinition duplicate = withFields("10",
                node("1", "10", leaf("1.1", "5", ScoringSource.EVIDENCE), leaf("1.1", "5", ScoringSource.EVIDENCE)));
        refused(duplicate, "1.1", "used twice");
    }

    @Test
    void aLeafWithoutScoringSourceIsRefused() {
        refused(withFields("10", node("1", "10", leaf("1.1", "10", null))), "1.1", "needs a scoring source");
    }

    @Test
    void aNodeWithChildrenCannotHaveItsOwnScoringSource() {
        IndexNode field = new IndexNode("1", "Lĩnh vực", BigDecimal.TEN, ScoringSource.EVIDENCE, null, false,
                List.of(leaf("1.1", "10", ScoringSource.EVIDENCE)));
        refused(withFields("10", field), "1", "has children");
    }

    @Test
    void aNonPositiveMaximumIsRefused() {
        refused(withFields("10", node("1", "10", leaf("1.1", "10", ScoringSource.EVIDENCE), leaf("1.2", "0", ScoringSource.EVIDENCE))),
                "1.2", "must be a positive number");
    }

    @Test
    void anInvertedYearRangeIsRefused() {
        IndexSetDefinition set = province();
        IndexSetDefinition inverted = new IndexSetDefinition(set.code(), set.title(), set.decision(), set.decisionDate(),
                set.level(), 2025, 2022, set.scale(), set.agencies(), set.fields(), set.bands());
        refused(inverted, "fromYear", "not a valid range");
    }

    @Test
    void aNodeNamingAnAgencyTheSetDoesNotListIsRefused() {
        refused(withFields("10", node("1", "10", leaf("1.1", "10", ScoringSource.EVIDENCE).withAppraisingAgency("SXD"))),
                "1.1", "SXD");
    }

    @Test
    void anEvidenceLeafWithoutAnyResponsibleAgencyIsRefused() {
        IndexSetDefinition set = withFields("10", node("1", "10", leaf("1.1", "10", ScoringSource.EVIDENCE)));
        IndexSetDefinition noAgencies = new IndexSetDefinition(set.code(), set.title(), set.decision(), set.decisionDate(),
                set.level(), set.fromYear(), set.toYear(), set.scale(), set.agencies(),
                List.of(set.fields().get(0).withAppraisingAgency(null)), set.bands());
        refused(noAgencies, "1.1", "no appraising agency");
    }

    private void refused(IndexSetDefinition set, String field, String message) {
        fixture.givenNoPriorActivity()
                .when(new DefineIndexSet(set, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.INVALID_INDEX_SET, field))
                .expectExceptionMessage(containsString(message));
    }
}
