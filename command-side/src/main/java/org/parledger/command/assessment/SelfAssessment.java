package org.parledger.command.assessment;

import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.CriterionMarkedApplicable;
import org.parledger.api.assessment.CriterionMarkedNotApplicable;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.command.evidence.EvidenceCatalog;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * The rules of self-assessment (tự đánh giá): what the unit's own scores and not-applicable marks must satisfy. Who may
 * act and whether the stage is open are the aggregate's checks, made before these.
 */
record SelfAssessment(AssessmentId assessment, Map<String, BigDecimal> selfScores, Set<String> notApplicable) {

    /** The event a self-score would record, or the refusal of it. */
    SelfScoreRecorded score(Leaves leaves, EvidenceCatalog files, String criterion, BigDecimal requested,
                            EvidenceReference reference, String explanation, Actor actor) {
        LeafRule leaf = leaves.applicable(criterion, ScoringSource.EVIDENCE);
        BigDecimal points = Leaves.pointsWithin(leaf, requested);
        EvidenceReference evidence = reference == null ? null : CitedFiles.asKept(files, assessment.unit(), reference);
        boolean hasEvidence = evidence != null && (!Reasons.blank(evidence.documentNumber()) || !evidence.files().isEmpty());
        if (!hasEvidence && Reasons.blank(explanation)) {
            throw new LedgerException(ErrorCode.EVIDENCE_REQUIRED, "evidence",
                    "a self-score needs an evidence reference (document number or files) or an explanation");
        }
        return new SelfScoreRecorded(assessment, leaf.code(), selfScores.get(leaf.code()), points, hasEvidence ? evidence : null,
                Reasons.optional(explanation), actor);
    }

    /** The submission, with the self-assessed total of the applicable leaves. */
    SelfAssessmentSubmitted submission(Actor actor) {
        BigDecimal total = selfScores.entrySet().stream().filter(score -> !notApplicable.contains(score.getKey()))
                .map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new SelfAssessmentSubmitted(assessment, total, actor);
    }

    /** A leaf the index set lets the unit mark not applicable to it, with the reason. */
    CriterionMarkedNotApplicable notApplicable(Leaves leaves, String criterion, String reason, Actor actor) {
        LeafRule leaf = leaves.leaf(criterion, null);
        if (!leaf.notApplicableAllowed()) {
            throw new LedgerException(ErrorCode.NOT_APPLICABLE_NOT_ALLOWED, "criterion",
                    "index set " + leaves.indexSet() + " does not allow criterion " + leaf.code() + " to be marked not applicable");
        }
        if (leaves.isNotApplicable(leaf)) {
            throw new LedgerException(ErrorCode.NOTHING_TO_CORRECT, "criterion", leaf.code() + " is already not applicable");
        }
        return new CriterionMarkedNotApplicable(assessment, leaf.code(), Reasons.required(reason), actor);
    }

    /** A not-applicable mark withdrawn, with the reason. */
    CriterionMarkedApplicable applicableAgain(Leaves leaves, String criterion, String reason, Actor actor) {
        LeafRule leaf = leaves.leaf(criterion, null);
        if (!leaves.isNotApplicable(leaf)) {
            throw new LedgerException(ErrorCode.NOTHING_TO_CORRECT, "criterion", leaf.code() + " is not marked not applicable");
        }
        return new CriterionMarkedApplicable(assessment, leaf.code(), Reasons.required(reason), actor);
    }
}
