package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.util.List;

/**
 * Checks several leaves of an appraisal as {@link RecordAppraisedScores} would record them, and records nothing:
 * answers every refusal a leaf would meet (field {@code leaves[i]…}: unknown, a survey leaf, above its maximum, another
 * agency's, a missing reason), none when all would be recorded.
 */
public record CheckAppraisedScores(AssessmentId assessment, List<RecordAppraisedScores.Leaf> leaves, Principal principal)
        implements AssessmentCommand, LedgerCommand {
    public CheckAppraisedScores {
        leaves = leaves == null ? List.of() : List.copyOf(leaves);
    }
}
