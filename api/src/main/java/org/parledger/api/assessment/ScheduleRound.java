package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Level;

import java.time.Instant;

/** Sets the self-assessment deadline of a level's assessment round for a year. */
public record ScheduleRound(int year, Level level, Instant selfAssessmentDeadline, Principal principal) implements RoundCommand, LedgerCommand {
}
