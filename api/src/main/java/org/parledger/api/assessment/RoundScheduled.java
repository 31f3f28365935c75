package org.parledger.api.assessment;

import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;

import java.time.Instant;

public record RoundScheduled(int year, Level level, Instant selfAssessmentDeadline, Actor actor) {
}
