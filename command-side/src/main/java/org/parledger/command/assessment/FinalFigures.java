package org.parledger.command.assessment;

import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.PublishedScoreCorrected;
import org.parledger.api.assessment.Totals;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules of the final figures: the council verifies them once no contest is open and every applicable leaf is scored
 * at its source; after publication a leaf is corrected only with a reason and the correcting document. Who may act and
 * whether the stage allows it are the aggregate's checks, made before these.
 */
record FinalFigures(AssessmentId assessment, Map<String, BigDecimal> appraisedScores,
                    Map<String, BigDecimal> surveyScores, Set<String> openContests) {

    /** The verified figures, or the refusal naming what is still open or missing. */
    AssessmentVerified verified(Leaves leaves, Totals totals, Actor actor) {
        if (!openContests.isEmpty()) {
            throw new LedgerException(ErrorCode.NOT_READY_FOR_VERIFICATION, null,
                    "contests still open on: " + String.join(", ", new TreeSet<>(openContests)));
        }
        List<String> missing = new ArrayList<>();
        for (LeafRule leaf : leaves.all()) {
            if (!leaves.isNotApplicable(leaf) && !scoresFrom(leaf.source()).containsKey(leaf.code())) missing.add(leaf.code());
        }
        if (!missing.isEmpty()) {
            throw new LedgerException(ErrorCode.NOT_READY_FOR_VERIFICATION, null,
                    "not yet appraised or scored by the survey: " + String.join(", ", missing));
        }
        return new AssessmentVerified(assessment, totals.appraisedWithSurvey(), totals.attainableMaximum(), actor);
    }

    /** A published leaf's points changed, with the reason and a reference to the correcting document. */
    PublishedScoreCorrected correction(Leaves leaves, String criterion, BigDecimal requested, String reason,
                                       String reference, Actor actor) {
        LeafRule leaf = leaves.applicable(criterion, null);
        BigDecimal points = Leaves.pointsWithin(leaf, requested);
        String why = Reasons.required(reason);
        if (Reasons.blank(reference)) {
            throw new LedgerException(ErrorCode.REFERENCE_REQUIRED, "reference",
                    "a correction after publication needs a reference to the correcting document");
        }
        BigDecimal previous = scoresFrom(leaf.source()).get(leaf.code());
        if (previous != null && previous.compareTo(points) == 0) {
            throw new LedgerException(ErrorCode.NOTHING_TO_CORRECT, "points", leaf.code() + " already has " + points);
        }
        return new PublishedScoreCorrected(assessment, leaf.code(), leaf.source(), previous, points, why,
                reference.strip(), actor);
    }

    /** The scores a leaf counts at: the appraised ones for evidence, the survey's for the survey. */
    private Map<String, BigDecimal> scoresFrom(ScoringSource source) {
        return source == ScoringSource.EVIDENCE ? appraisedScores : surveyScores;
    }
}
