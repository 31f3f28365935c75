package org.parledger.command.assessment;

import org.parledger.api.assessment.AppraisalAccepted;
import org.parledger.api.assessment.AppraisalContested;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.ContestDecided;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the feedback round after the preliminary results: the unit accepts a leaf's appraisal or contests it
 * with an explanation (giải trình), and an appraiser decides each contest. Who may act and whether the round is open
 * are the aggregate's checks, made before these.
 */
record Feedback(AssessmentId assessment, Map<String, BigDecimal> appraisedScores, Set<String> openContests) {

    AppraisalContested contest(Leaves leaves, String criterion, String explanation, Actor actor) {
        LeafRule leaf = appraised(leaves, criterion);
        String explained = Reasons.required(explanation, "explanation", "a contest needs an explanation (giải trình)");
        if (openContests.contains(leaf.code())) {
            throw new LedgerException(ErrorCode.NOTHING_TO_CORRECT, "criterion", leaf.code() + " is already contested");
        }
        return new AppraisalContested(assessment, leaf.code(), appraisedScores.get(leaf.code()), explained, actor);
    }

    AppraisalAccepted acceptance(Leaves leaves, String criterion, Actor actor) {
        LeafRule leaf = appraised(leaves, criterion);
        return new AppraisalAccepted(assessment, leaf.code(), appraisedScores.get(leaf.code()), actor);
    }

    /** The appraiser's decision on an open contest: the points kept or changed, with the reason. */
    ContestDecided decision(LeafRule leaf, BigDecimal requested, String reason, Actor actor) {
        if (!openContests.contains(leaf.code())) {
            throw new LedgerException(ErrorCode.NO_OPEN_CONTEST, "criterion", "no contest is open on " + leaf.code());
        }
        BigDecimal points = Leaves.pointsWithin(leaf, requested);
        BigDecimal previous = appraisedScores.get(leaf.code());
        return new ContestDecided(assessment, leaf.code(), previous, points, previous.compareTo(points) == 0,
                Reasons.required(reason), actor);
    }

    /** An applicable evidence leaf that has an appraised score the unit can respond to. */
    private LeafRule appraised(Leaves leaves, String criterion) {
        LeafRule leaf = leaves.applicable(criterion, ScoringSource.EVIDENCE);
        if (!appraisedScores.containsKey(leaf.code())) {
            throw new LedgerException(ErrorCode.UNKNOWN_CRITERION, "criterion", leaf.code() + " has no appraised score yet");
        }
        return leaf;
    }
}
