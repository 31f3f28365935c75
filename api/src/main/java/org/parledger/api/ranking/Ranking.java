package org.parledger.api.ranking;

import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;

import java.util.List;

/** A round's ranking: the national round's (within null) or one province's (within its code). */
public record Ranking(int year, Level level, ScoreStage stage, List<RankingEntry> entries, UnitCode within) {
    public Ranking {
        entries = List.copyOf(entries);
    }

    public Ranking(int year, Level level, ScoreStage stage, List<RankingEntry> entries) {
        this(year, level, stage, entries, null);
    }
}
