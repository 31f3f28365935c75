package org.parledger.command.assessment;

import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.DeductionRecorded;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Points;
import org.parledger.api.common.Principal;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.support.Permissions;
import org.parledger.command.unit.UnitDirectory;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * The rules of appraisal (thẩm định): who may appraise a leaf, what an appraised score and a deduction must satisfy.
 * Whether the stage is open is the aggregate's check, made before these.
 *
 * @param within the province whose round the assessment is in; null for the national round
 * @param selfAssessors subjects who took part in the self-assessment, who may not appraise it
 */
record Appraisal(AssessmentId assessment, UnitCode within, Map<String, BigDecimal> selfScores,
                 Map<String, BigDecimal> appraisedScores, Set<String> selfAssessors, BigDecimal deductions) {

    /** The event an appraisal would record, or the refusal of it. */
    AppraisedScoreRecorded score(Leaves leaves, UnitDirectory units, String criterion, BigDecimal requested, String reason,
                                 Principal principal) {
        LeafRule leaf = leaves.applicable(criterion, ScoringSource.EVIDENCE);
        Actor actor = appraiser(principal, leaf, units);
        BigDecimal points = Leaves.pointsWithin(leaf, requested);
        BigDecimal selfAssessed = selfScores.get(leaf.code());
        boolean adjusts = selfAssessed == null || selfAssessed.compareTo(points) != 0;
        if (adjusts && Reasons.blank(reason)) {
            throw new LedgerException(ErrorCode.REASON_REQUIRED, "reason",
                    "an appraised score that differs from the self-assessed one needs a reason");
        }
        return new AppraisedScoreRecorded(assessment, leaf.code(), selfAssessed, appraisedScores.get(leaf.code()),
                points, Reasons.optional(reason), actor);
    }

    /**
     * The principal as appraiser of this leaf (the leaf's appraising agency, with the unit in its jurisdiction), who
     * took no part in the self-assessment.
     */
    Actor appraiser(Principal principal, LeafRule leaf, UnitDirectory units) {
        Actor actor = Permissions.appraiserOf(principal, leaf, jurisdiction -> inJurisdiction(units, jurisdiction), within);
        Permissions.requireNoneOf(principal, selfAssessors, "appraise", "took part in self-assessing");
        return actor;
    }

    /** A deduction of a positive number of points; all deductions together take off at most the attainable maximum. */
    DeductionRecorded deduction(BigDecimal requested, BigDecimal attainableMaximum, String reason, Actor actor) {
        BigDecimal points = Points.normalise(requested, "points");
        if (points.signum() <= 0) {
            throw new LedgerException(ErrorCode.POINTS_OUT_OF_RANGE, "points", "a deduction takes off a positive number of points");
        }
        if (deductions.add(points).compareTo(attainableMaximum) > 0) {
            throw new LedgerException(ErrorCode.POINTS_OUT_OF_RANGE, "points", "deductions take off at most the attainable maximum, "
                    + attainableMaximum.toPlainString() + " points; " + deductions.toPlainString() + " are already taken off");
        }
        return new DeductionRecorded(assessment, points, Reasons.required(reason), actor);
    }

    /**
     * Whether the assessed unit is in the jurisdiction: the province whose round the assessment is in, or the unit
     * itself or one above it by its parents, as registered.
     */
    private boolean inJurisdiction(UnitDirectory units, String jurisdiction) {
        if (within != null && within.value().equals(jurisdiction)) return true;
        return units.withParents(assessment.unit()).stream().anyMatch(unit -> unit.unit().value().equals(jurisdiction));
    }
}
