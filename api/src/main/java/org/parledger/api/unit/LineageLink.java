package org.parledger.api.unit;

import java.time.LocalDate;

/** A predecessor or successor of a unit, by which decision and from when. */
public record LineageLink(UnitCode unit, String name, LocalDate effectiveOn, String decision) {
}
