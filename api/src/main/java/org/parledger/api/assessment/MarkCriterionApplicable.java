package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

/** Withdraws a not-applicable mark made during self-assessment. */
public record MarkCriterionApplicable(AssessmentId assessment, String criterion, String reason, Principal principal)
        implements AssessmentCommand, LedgerCommand {
}
