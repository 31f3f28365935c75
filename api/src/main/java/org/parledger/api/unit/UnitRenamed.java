package org.parledger.api.unit;

import org.parledger.api.common.Actor;

import java.time.LocalDate;

public record UnitRenamed(UnitCode unit, String previousName, String name, String decision, LocalDate effectiveOn,
                          Actor actor) {
}
