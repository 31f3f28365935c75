package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.math.BigDecimal;

/** The appraiser decides a contest again: upholds the appraised points or changes them, always with a reason. */
public record DecideContest(AssessmentId assessment, String criterion, BigDecimal points, String reason, Principal principal)
        implements AssessmentCommand, LedgerCommand {
}
