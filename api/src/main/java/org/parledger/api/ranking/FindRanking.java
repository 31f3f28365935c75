package org.parledger.api.ranking;

import org.parledger.api.common.Level;

import java.time.Instant;

/**
 * The ranking of every unit of a level assessed in a year, at a stage; with asOf, as the ledger stood at
 * that instant (rebuilt from the events), otherwise as it stands now.
 */
public record FindRanking(int year, Level level, ScoreStage stage, Instant asOf) {
}
