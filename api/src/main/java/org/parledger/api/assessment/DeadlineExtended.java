package org.parledger.api.assessment;

import org.parledger.api.unit.UnitCode;
import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;

import java.time.Instant;

public record DeadlineExtended(int year, Level level, Instant previousDeadline, Instant selfAssessmentDeadline,
                               String reason, Actor actor, UnitCode within) {
    public DeadlineExtended(int year, Level level, Instant previousDeadline, Instant selfAssessmentDeadline, String reason,
                            Actor actor) {
        this(year, level, previousDeadline, selfAssessmentDeadline, reason, actor, null);
    }
}
