package org.parledger.api.unit;

/** A unit that continues under a new name, e.g. Thừa Thiên Huế becoming Huế. */
public record Renaming(UnitCode unit, String name) {
}
