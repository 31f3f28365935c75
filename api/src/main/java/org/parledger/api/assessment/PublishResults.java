package org.parledger.api.assessment;

import org.parledger.api.unit.UnitCode;
import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Level;

import java.time.LocalDate;

/**
 * Publishes a level's results for a year by decision, in the national round (within null) or one province's
 * (within its code): every assessment of that round must be verified; each receives its official rank among them.
 */
public record PublishResults(int year, Level level, String decision, LocalDate decidedOn, Principal principal,
                             UnitCode within) implements LedgerCommand {
    public PublishResults(int year, Level level, String decision, LocalDate decidedOn, Principal principal) {
        this(year, level, decision, decidedOn, principal, null);
    }
}
