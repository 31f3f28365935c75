package org.parledger.api.ranking;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One recorded change that moved a total: on a leaf (criterion, with its field), or a deduction (no
 * criterion). from is null where nothing was recorded before.
 */
public record ScoreChange(String kind, String criterion, String fieldCode, BigDecimal from, BigDecimal to,
                          Actor actor, String reason, Instant at) {
}
