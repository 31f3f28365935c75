package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.math.BigDecimal;

/**
 * The unit's own score on an evidence leaf (a criterion or sub-criterion), with a reference to the
 * evidence or, where there is none, an explanation (giải trình). Recording again revises the score.
 */
public record RecordSelfScore(AssessmentId assessment, String criterion, BigDecimal points,
                              EvidenceReference evidence, String explanation, Principal principal)
        implements AssessmentCommand, LedgerCommand {
}
