package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

/**
 * The unit declares that a leaf the index set allows to be waived does not apply to it (e.g. it handles no
 * administrative procedures); the leaf's maximum leaves the unit's attainable maximum.
 */
public record MarkCriterionNotApplicable(AssessmentId assessment, String criterion, String reason, Principal principal)
        implements AssessmentCommand, LedgerCommand {
}
