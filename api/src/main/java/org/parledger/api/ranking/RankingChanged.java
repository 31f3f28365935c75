package org.parledger.api.ranking;

/**
 * Signals to subscribers of a ranking that the figures of a year changed (level null: of every level, as
 * after a rule correction); they read the ranking again.
 */
public record RankingChanged(Integer year, String level) {
}
