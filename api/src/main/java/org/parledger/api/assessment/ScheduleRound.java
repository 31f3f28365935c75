package org.parledger.api.assessment;

import org.parledger.api.unit.UnitCode;
import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Level;

import java.time.Instant;

/**
 * Sets the self-assessment deadline of a level's assessment round for a year: the national round (within null) or
 * one province's (within its code).
 */
public record ScheduleRound(int year, Level level, Instant selfAssessmentDeadline, Principal principal, UnitCode within)
        implements RoundCommand, LedgerCommand {
    public ScheduleRound(int year, Level level, Instant selfAssessmentDeadline, Principal principal) {
        this(year, level, selfAssessmentDeadline, principal, null);
    }
}
