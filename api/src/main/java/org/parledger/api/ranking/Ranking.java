package org.parledger.api.ranking;

import org.parledger.api.common.Level;

import java.util.List;

public record Ranking(int year, Level level, ScoreStage stage, List<RankingEntry> entries) {
    public Ranking {
        entries = List.copyOf(entries);
    }
}
