package org.parledger.command.unit;

import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;

import java.util.Optional;

/** What is registered about a unit now, for command handlers that must check it. */
@FunctionalInterface
public interface UnitDirectory {
    Optional<UnitRegistered> find(UnitCode unit);
}
