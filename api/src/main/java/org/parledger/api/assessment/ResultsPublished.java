package org.parledger.api.assessment;

import org.parledger.api.unit.UnitCode;
import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;

import java.time.LocalDate;
import java.util.List;

/**
 * A level's results for a year were published by decision, with every unit's official rank: the national round's
 * (within null) or one province's (within its code).
 */
public record ResultsPublished(int year, Level level, String decision, LocalDate decidedOn, List<PublishedRank> ranks,
                               Actor actor, UnitCode within) {
    public ResultsPublished {
        ranks = List.copyOf(ranks);
    }

    public ResultsPublished(int year, Level level, String decision, LocalDate decidedOn, List<PublishedRank> ranks,
                            Actor actor) {
        this(year, level, decision, decidedOn, ranks, actor, null);
    }
}
