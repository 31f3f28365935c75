package org.parledger.api.assessment;

import org.parledger.api.common.Actor;
import org.parledger.api.indexset.IndexSetCode;

/** Opens a unit's assessment for a year against an index set of the unit's level covering that year. */
public record OpenAssessment(AssessmentId assessment, IndexSetCode indexSet, Actor actor) implements AssessmentCommand {
}
