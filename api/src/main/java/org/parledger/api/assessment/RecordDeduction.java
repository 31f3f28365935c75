package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.math.BigDecimal;

/** A penalty (điểm trừ): points taken off the appraised total, with a reason, before verification. */
public record RecordDeduction(AssessmentId assessment, BigDecimal points, String reason, Principal principal)
        implements AssessmentCommand, LedgerCommand {
}
