package org.parledger.command.assessment;

import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;

import java.time.Instant;
import java.util.Optional;

/** The self-assessment deadline of a level's round for a year (national, or one province's), if one was scheduled. */
@FunctionalInterface
public interface RoundCatalog {
    Optional<Instant> deadline(int year, Level level, UnitCode within);
}
