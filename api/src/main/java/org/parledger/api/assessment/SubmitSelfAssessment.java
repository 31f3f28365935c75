package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

/** Submits the self-assessment for appraisal; self-scores are locked from then on. */
public record SubmitSelfAssessment(AssessmentId assessment, Principal principal) implements AssessmentCommand, LedgerCommand {
}
