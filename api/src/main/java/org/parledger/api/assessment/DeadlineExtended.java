package org.parledger.api.assessment;

import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;

import java.time.Instant;

public record DeadlineExtended(int year, Level level, Instant previousDeadline, Instant selfAssessmentDeadline,
                               String reason, Actor actor) {
}
