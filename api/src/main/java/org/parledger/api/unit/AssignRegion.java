package org.parledger.api.unit;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.time.LocalDate;

/**
 * Places a unit in a region (vùng), e.g. one of the six socio-economic regions, from a date on (null: since
 * the unit came into being). Rankings can be read per region; a unit that changes region is ranked in the
 * region it belonged to at the end of the ranked year.
 */
public record AssignRegion(UnitCode unit, String region, LocalDate effectiveOn, String reason, Principal principal)
        implements UnitCommand, LedgerCommand {
}
