package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;
import org.parledger.api.indexset.IndexSetCode;

/** Opens a unit's assessment for a year against an index set of the unit's level covering that year. */
public record OpenAssessment(AssessmentId assessment, IndexSetCode indexSet, Principal principal) implements AssessmentCommand, LedgerCommand {
}
