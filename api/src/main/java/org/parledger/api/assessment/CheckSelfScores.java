package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.util.List;

/**
 * Checks several leaves of a unit-year's self-assessment as {@link RecordSelfScores} would record them, and records
 * nothing: answers every refusal a leaf would meet (field {@code leaves[i]…}), none when all would be recorded. Lets a
 * spreadsheet be reported row by row before it is recorded all at once. A refusal of the whole change (role, stage,
 * deadline) is thrown as for the recording command.
 */
public record CheckSelfScores(AssessmentId assessment, List<RecordSelfScores.Leaf> leaves, Principal principal)
        implements AssessmentCommand, LedgerCommand {
    public CheckSelfScores {
        leaves = leaves == null ? List.of() : List.copyOf(leaves);
    }
}
