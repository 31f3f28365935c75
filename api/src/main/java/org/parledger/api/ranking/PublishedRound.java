package org.parledger.api.ranking;

import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;

import java.time.LocalDate;

/** A round's results as published: the year and level, the province for its own round, the decision, how many units. */
public record PublishedRound(int year, Level level, UnitCode within, String decision, LocalDate decidedOn, int units) {
}
