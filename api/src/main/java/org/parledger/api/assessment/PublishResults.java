package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Level;

import java.time.LocalDate;

/**
 * Publishes a level's results for a year by decision: every assessment of that level and year must be
 * verified; each receives its official rank among them.
 */
public record PublishResults(int year, Level level, String decision, LocalDate decidedOn, Principal principal) implements LedgerCommand {
}
