package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.math.BigDecimal;
import java.util.List;

/**
 * An agency's (or the council's) appraisal of several leaves of one unit-year in one change: every score is
 * recorded, or (one refused) none. One {@link AppraisedScoreRecorded} per leaf, as if each had been sent alone.
 */
public record RecordAppraisedScores(AssessmentId assessment, List<Leaf> leaves, Principal principal)
        implements AssessmentCommand, LedgerCommand {
    public RecordAppraisedScores {
        leaves = leaves == null ? List.of() : List.copyOf(leaves);
    }

    public record Leaf(String criterion, BigDecimal points, String reason) {
    }
}
