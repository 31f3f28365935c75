package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

/** During the feedback round, the unit accepts the appraised score of a leaf. */
public record AcceptAppraisal(AssessmentId assessment, String criterion, Principal principal) implements AssessmentCommand, LedgerCommand {
}
