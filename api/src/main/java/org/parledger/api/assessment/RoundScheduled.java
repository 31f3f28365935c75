package org.parledger.api.assessment;

import org.parledger.api.unit.UnitCode;
import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;

import java.time.Instant;

/** A round's deadline was set; within is the province whose round it is, null for the national round. */
public record RoundScheduled(int year, Level level, Instant selfAssessmentDeadline, Actor actor, UnitCode within) {
    public RoundScheduled(int year, Level level, Instant selfAssessmentDeadline, Actor actor) {
        this(year, level, selfAssessmentDeadline, actor, null);
    }
}
