package org.parledger.api.assessment;

import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;

import java.time.LocalDate;
import java.util.List;

/** A level's results for a year were published by decision, with every unit's official rank. */
public record ResultsPublished(int year, Level level, String decision, LocalDate decidedOn, List<PublishedRank> ranks,
                               Actor actor) {
    public ResultsPublished {
        ranks = List.copyOf(ranks);
    }
}
