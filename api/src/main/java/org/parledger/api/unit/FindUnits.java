package org.parledger.api.unit;

import org.parledger.api.common.Level;

/** The units of a level; with a year, only those that existed at the end of that year. */
public record FindUnits(Level level, Integer year) {
}
