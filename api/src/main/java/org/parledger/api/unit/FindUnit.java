package org.parledger.api.unit;

/** One unit with its names over time and its lineage. */
public record FindUnit(UnitCode unit) {
}
