package org.parledger.query.ranking;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.parledger.api.ranking.FindRanking;
import org.parledger.api.ranking.RankingChanged;
import org.parledger.query.projection.LiveProjection;
import org.parledger.query.projection.ParkedEvents;
import org.parledger.query.support.ReadModelVersion;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.List;

/** The scores projection in its processor; tells rankings and their subscribers which years changed, once per batch. */
@Component
@ProcessingGroup(ScoresProjection.PROCESSING_GROUP)
class ScoresLive extends LiveProjection<ScoresState> {
    private final QueryUpdateEmitter updates;

    ScoresLive(ScoresProjection projection, DataSource dataSource, ReadModelVersion version, QueryUpdateEmitter updates,
            ParkedEvents parked) {
        super(projection, dataSource, version, parked);
        this.updates = updates;
    }

    /**
     * Subscribers are told once the batch has committed and the years' counters have moved. Emitted here, during the
     * commit's preparation, the update went out at once (Axon defers it only from a unit of work's started phase):
     * a subscriber could re-read the ranking before the commit, or a ranking kept from before, and miss the change.
     */
    @Override
    protected void projected(ScoresState state) {
        if (state.changedYears.contains(null)) {
            version().everyYearChangedOnCommit(() -> changed(null));
        } else {
            List<Integer> years = List.copyOf(state.changedYears);
            version().yearsChangedOnCommit(years, () -> years.forEach(this::changed));
        }
    }

    /** Tells ranking subscribers of the year (every year when null) that its figures changed. */
    private void changed(Integer year) {
        updates.emit(FindRanking.class, query -> year == null || query.year() == year || query.year() == year + 1,
                new RankingChanged(year, null));
    }
}
