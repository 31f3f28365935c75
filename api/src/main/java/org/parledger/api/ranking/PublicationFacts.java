package org.parledger.api.ranking;

import java.math.BigDecimal;
import java.time.LocalDate;

/** How an assessment was published: by which decision, with which index and official rank among how many. */
public record PublicationFacts(String decision, LocalDate decidedOn, BigDecimal index, int rank, int rankedUnits) {
}
