package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.math.BigDecimal;

/**
 * The appraiser recognises or adjusts a self-score. A reason is required whenever the appraised points
 * differ from the self-assessed ones; recording again revises the appraisal.
 */
public record RecordAppraisedScore(AssessmentId assessment, String criterion, BigDecimal points, String reason,
                                   Principal principal) implements AssessmentCommand, LedgerCommand {
}
