package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The assessment was published by decision with this index and official rank among rankedUnits. */
public record AssessmentPublished(AssessmentId assessment, String decision, LocalDate decidedOn, BigDecimal index,
                                  int rank, int rankedUnits, Actor actor) {
}
