package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;

/** The appraiser decides a contest again: upholds the appraised points or changes them, always with a reason. */
public record DecideContest(AssessmentId assessment, String criterion, BigDecimal points, String reason, Actor actor)
        implements AssessmentCommand {
}
