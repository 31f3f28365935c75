package org.parledger.command.unit;

import org.parledger.api.unit.UnitCode;

import java.util.Optional;

/** What is known about a unit now, for command handlers that must check it. */
@FunctionalInterface
public interface UnitDirectory {
    Optional<UnitFacts> find(UnitCode unit);
}
