package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.math.BigDecimal;

/**
 * After publication, an admin corrects the appraised score of an evidence leaf or the survey points of a
 * survey leaf, with a reason and a reference to the correcting document. The published figure stays in history.
 */
public record CorrectPublishedScore(AssessmentId assessment, String criterion, BigDecimal points, String reason,
                                    String reference, Principal principal) implements AssessmentCommand, LedgerCommand {
}
