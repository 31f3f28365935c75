package org.parledger.command.assessment;

import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Points;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.command.indexset.IndexSetRules;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Set;

/**
 * The scorable leaves (sub-criteria) of an assessment's index set as one command sees them: the rules in force when the
 * command arrived, read once per command however many leaves it changes, and the unit's not-applicable marks.
 */
final class Leaves {
    private final IndexSetCode indexSet;
    private final IndexSetRules rules;
    private final Set<String> notApplicable;

    Leaves(IndexSetCode indexSet, IndexSetRules rules, Set<String> notApplicable) {
        this.indexSet = indexSet;
        this.rules = rules;
        this.notApplicable = notApplicable;
    }

    IndexSetCode indexSet() {
        return indexSet;
    }

    Collection<LeafRule> all() {
        return rules.definition().leafRules().values();
    }

    boolean isNotApplicable(LeafRule leaf) {
        return notApplicable.contains(leaf.code());
    }

    /** The scorable leaf with this code; with an expected source, refused if its points come from elsewhere. */
    LeafRule leaf(String criterion, ScoringSource expected) {
        LeafRule leaf = rules.leaf(criterion).orElseThrow(() -> new LedgerException(ErrorCode.UNKNOWN_CRITERION,
                "criterion", "index set " + indexSet + " has no scorable criterion " + criterion));
        if (expected != null && leaf.source() != expected) {
            throw expected == ScoringSource.EVIDENCE
                    ? new LedgerException(ErrorCode.SURVEY_SCORED_CRITERION, "criterion",
                    "criterion " + leaf.code() + " is scored by the sociological survey, not by evidence")
                    : new LedgerException(ErrorCode.EVIDENCE_SCORED_CRITERION, "criterion",
                    "criterion " + leaf.code() + " is scored from evidence, not by the survey");
        }
        return leaf;
    }

    /** As {@link #leaf}, and refused if the unit marked it not applicable. */
    LeafRule applicable(String criterion, ScoringSource expected) {
        LeafRule leaf = leaf(criterion, expected);
        if (isNotApplicable(leaf)) {
            throw new LedgerException(ErrorCode.CRITERION_NOT_APPLICABLE, "criterion",
                    "criterion " + leaf.code() + " is marked not applicable to this unit");
        }
        return leaf;
    }

    /** The requested points, normalised, if the leaf takes them (0 to its maximum). */
    static BigDecimal pointsWithin(LeafRule leaf, BigDecimal requested) {
        BigDecimal points = Points.normalise(requested, "points");
        if (points.signum() < 0 || points.compareTo(leaf.maximum()) > 0) {
            throw new LedgerException(ErrorCode.POINTS_OUT_OF_RANGE, "points", "criterion " + leaf.code()
                    + " takes 0 to " + leaf.maximum().toPlainString() + " points, not " + points.toPlainString());
        }
        return points;
    }
}
