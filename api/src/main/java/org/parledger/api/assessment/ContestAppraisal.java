package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

/** During the feedback round, the unit contests the appraised score of a leaf, explaining why (giải trình). */
public record ContestAppraisal(AssessmentId assessment, String criterion, String explanation, Principal principal)
        implements AssessmentCommand, LedgerCommand {
}
