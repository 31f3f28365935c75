package org.parledger.api.unit;

/** A command addressed to one unit's stream. */
public interface UnitCommand {
    UnitCode unit();
}
