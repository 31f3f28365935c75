package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

/**
 * The council verifies an assessment whose every applicable evidence leaf is appraised and every applicable
 * survey leaf scored; its figures are frozen for publication from then on.
 */
public record VerifyAssessment(AssessmentId assessment, Principal principal) implements AssessmentCommand, LedgerCommand {
}
