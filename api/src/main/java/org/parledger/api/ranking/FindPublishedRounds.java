package org.parledger.api.ranking;

import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;

/** The rounds published so far: of one level (null: every level), national (within null) or a province's own. */
public record FindPublishedRounds(Level level, UnitCode within) {
}
