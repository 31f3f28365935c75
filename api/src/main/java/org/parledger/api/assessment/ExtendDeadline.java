package org.parledger.api.assessment;

import org.parledger.api.unit.UnitCode;
import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Level;

import java.time.Instant;

/** An admin moves a round's self-assessment deadline later, with a reason. */
public record ExtendDeadline(int year, Level level, Instant selfAssessmentDeadline, String reason, Principal principal,
                             UnitCode within) implements RoundCommand, LedgerCommand {
    public ExtendDeadline(int year, Level level, Instant selfAssessmentDeadline, String reason, Principal principal) {
        this(year, level, selfAssessmentDeadline, reason, principal, null);
    }
}
