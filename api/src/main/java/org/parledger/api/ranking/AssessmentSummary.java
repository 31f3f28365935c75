package org.parledger.api.ranking;

import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.Stage;
import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.indexset.IndexSetCode;

import java.math.BigDecimal;
import java.util.List;

/**
 * A unit-year's figures. Totals include survey points, and the appraised total is net of deductions; indices
 * are total / attainable maximum × 100, where the attainable maximum leaves out the leaves marked not
 * applicable.
 */
public record AssessmentSummary(AssessmentId assessment, String unitName, Level level, IndexSetCode indexSet,
                                Stage stage, BigDecimal selfAssessedPoints, BigDecimal appraisedPoints,
                                BigDecimal surveyPoints, BigDecimal deductions, BigDecimal attainableMaximum,
                                BigDecimal selfAssessedIndex, BigDecimal appraisedIndex,
                                PublicationFacts published, List<FieldPoints> fields, List<LeafPoints> leaves,
                                UnitCode within) {
    public AssessmentSummary {
        fields = List.copyOf(fields);
        leaves = List.copyOf(leaves);
    }

    /** An assessment of the national round. */
    public AssessmentSummary(AssessmentId assessment, String unitName, Level level, IndexSetCode indexSet, Stage stage,
                             BigDecimal selfAssessedPoints, BigDecimal appraisedPoints, BigDecimal surveyPoints,
                             BigDecimal deductions, BigDecimal attainableMaximum, BigDecimal selfAssessedIndex,
                             BigDecimal appraisedIndex, PublicationFacts published, List<FieldPoints> fields,
                             List<LeafPoints> leaves) {
        this(assessment, unitName, level, indexSet, stage, selfAssessedPoints, appraisedPoints, surveyPoints, deductions,
                attainableMaximum, selfAssessedIndex, appraisedIndex, published, fields, leaves, null);
    }
}
