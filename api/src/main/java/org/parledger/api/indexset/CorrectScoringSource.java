package org.parledger.api.indexset;

import org.parledger.api.common.Actor;

/** Corrects where a leaf's points come from (evidence or the survey). */
public record CorrectScoringSource(IndexSetCode indexSet, String code, ScoringSource source, String reason,
                                   String reference, Actor actor) implements IndexSetCommand {
}
