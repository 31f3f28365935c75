package org.parledger.api.indexset;

import org.parledger.api.common.Actor;

import java.time.Instant;

/** One correction of an index set as an inspector reads it; values are shown as text. */
public record RuleCorrection(int number, String kind, String node, String previous, String corrected,
                             String reason, String reference, Actor actor, Instant recordedAt) {
}
