package org.parledger.api.ranking;

import org.parledger.api.common.Level;

/** The ranking of every unit of a level assessed in a year, at a stage. */
public record FindRanking(int year, Level level, ScoreStage stage) {
}
