package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.math.BigDecimal;

/** Points from the sociological survey for a survey leaf. */
public record RecordSurveyScore(AssessmentId assessment, String criterion, BigDecimal points, Principal principal)
        implements AssessmentCommand, LedgerCommand {
}
