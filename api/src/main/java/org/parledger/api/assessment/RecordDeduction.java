package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;

/** A penalty (điểm trừ): points taken off the appraised total, with a reason, before verification. */
public record RecordDeduction(AssessmentId assessment, BigDecimal points, String reason, Actor actor)
        implements AssessmentCommand {
}
