package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

/** Opens the feedback round: the preliminary appraisal results go back to the unit. */
public record SendPreliminaryResults(AssessmentId assessment, Principal principal) implements AssessmentCommand, LedgerCommand {
}
