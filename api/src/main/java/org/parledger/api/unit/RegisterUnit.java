package org.parledger.api.unit;

import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;

import java.time.LocalDate;

/** Registers a unit (province, ministry, department, district or commune); parent is null at the top. */
public record RegisterUnit(UnitCode unit, String name, Level level, UnitCode parent, LocalDate establishedOn,
                           Actor actor) implements UnitCommand {
}
