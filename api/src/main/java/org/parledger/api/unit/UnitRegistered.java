package org.parledger.api.unit;

import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;

import java.time.LocalDate;

public record UnitRegistered(UnitCode unit, String name, Level level, UnitCode parent, LocalDate establishedOn,
                             Actor actor) {
}
