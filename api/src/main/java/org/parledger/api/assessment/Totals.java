package org.parledger.api.assessment;

import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A unit-year's totals under a set of rules, the one definition every side computes them by: a leaf marked
 * not applicable counts for nothing and leaves the attainable maximum; a leaf counts only at its scoring
 * source and never above its maximum; deductions come off the appraised total, which never goes below zero.
 */
public record Totals(BigDecimal attainableMaximum, BigDecimal selfAssessed, BigDecimal appraised,
                     BigDecimal survey, BigDecimal deductions) {

    public static Totals of(Collection<LeafRule> leaves, Map<String, BigDecimal> self, Map<String, BigDecimal> appraised,
                            Map<String, BigDecimal> survey, Set<String> notApplicable, BigDecimal deductions) {
        BigDecimal attainable = BigDecimal.ZERO;
        BigDecimal selfTotal = BigDecimal.ZERO;
        BigDecimal appraisedTotal = BigDecimal.ZERO;
        BigDecimal surveyTotal = BigDecimal.ZERO;
        for (LeafRule leaf : leaves) {
            if (notApplicable.contains(leaf.code())) continue;
            attainable = attainable.add(leaf.maximum());
            if (leaf.source() == ScoringSource.EVIDENCE) {
                selfTotal = selfTotal.add(capped(self.get(leaf.code()), leaf));
                appraisedTotal = appraisedTotal.add(capped(appraised.get(leaf.code()), leaf));
            } else {
                surveyTotal = surveyTotal.add(capped(survey.get(leaf.code()), leaf));
            }
        }
        return new Totals(attainable, selfTotal, appraisedTotal, surveyTotal, deductions);
    }

    /** Self-assessed points including the survey's. */
    public BigDecimal selfAssessedWithSurvey() {
        return selfAssessed.add(survey);
    }

    /** Appraised points including the survey's, less deductions, never below zero. */
    public BigDecimal appraisedWithSurvey() {
        return appraised.add(survey).subtract(deductions).max(BigDecimal.ZERO);
    }

    /** points / attainable maximum × 100, at 34 significant digits; 0 when nothing is attainable. */
    public static BigDecimal index(BigDecimal points, BigDecimal attainableMaximum) {
        if (attainableMaximum.signum() == 0) return BigDecimal.ZERO;
        BigDecimal index = points.multiply(BigDecimal.valueOf(100)).divide(attainableMaximum, MathContext.DECIMAL128)
                .stripTrailingZeros();
        return index.scale() < 0 ? index.setScale(0) : index;
    }

    private static BigDecimal capped(BigDecimal points, LeafRule leaf) {
        return points == null ? BigDecimal.ZERO : points.min(leaf.maximum());
    }
}
