package org.parledger.api.ranking;

import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;

import java.time.Instant;

/**
 * The ranking of every unit of a level assessed in a year in one round, at a stage: the national round (within
 * null) or one province's (within its code); with asOf, as the ledger stood at that instant (rebuilt from the
 * events), otherwise as it stands now. With consistentWith (a ledger position the read model has passed),
 * computed from the tables as they are, never a ranking kept from before.
 */
public record FindRanking(int year, Level level, ScoreStage stage, Instant asOf, Long consistentWith, UnitCode within) {
    public FindRanking(int year, Level level, ScoreStage stage, Instant asOf, Long consistentWith) {
        this(year, level, stage, asOf, consistentWith, null);
    }

    public FindRanking(int year, Level level, ScoreStage stage, Instant asOf) {
        this(year, level, stage, asOf, null, null);
    }
}
