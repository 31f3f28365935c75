package org.parledger.query.ranking;

import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.Stage;
import org.parledger.api.assessment.Totals;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.ranking.AssessmentSummary;
import org.parledger.api.ranking.FieldPoints;
import org.parledger.api.ranking.LeafPoints;
import org.parledger.api.ranking.PublicationFacts;
import org.parledger.api.unit.UnitCode;

import java.math.BigDecimal;
import java.util.List;

import static org.parledger.query.ranking.Indices.plain;

/** Builds an assessment's summary from its totals, the same way for the live and the "as of" answers. */
final class AssessmentSummaries {
    private AssessmentSummaries() {
    }

    static AssessmentSummary of(AssessmentId id, String unitName, Level level, IndexSetCode indexSet, Stage stage,
                                Totals totals, PublicationFacts published, List<FieldPoints> fields,
                                List<LeafPoints> leaves, UnitCode within) {
        BigDecimal maximum = plain(totals.attainableMaximum());
        BigDecimal self = plain(totals.selfAssessedWithSurvey());
        BigDecimal appraised = plain(totals.appraisedWithSurvey());
        return new AssessmentSummary(id, unitName, level, indexSet, stage, self, appraised, plain(totals.survey()),
                plain(totals.deductions()), maximum, Indices.index(self, maximum), Indices.index(appraised, maximum),
                published, fields, leaves, within);
    }
}
