package org.parledger.api.unit;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Level;

import java.time.LocalDate;

/** Registers a unit (province, ministry, department, district or commune); parent is null at the top. */
public record RegisterUnit(UnitCode unit, String name, Level level, UnitCode parent, LocalDate establishedOn,
                           Principal principal) implements UnitCommand, LedgerCommand {
}
