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

    @Override
    protected void projected(ScoresState state) {
        if (state.changedYears.contains(null)) {
            version().everyYearChangedOnCommit();
            changed(null);
        } else {
            version().yearsChangedOnCommit(List.copyOf(state.changedYears));
            state.changedYears.forEach(this::changed);
        }
    }

    /** Tells ranking subscribers of the year (every year when null) that its figures changed; sent on commit. */
    private void changed(Integer year) {
        updates.emit(FindRanking.class, query -> year == null || query.year() == year || query.year() == year + 1,
                new RankingChanged(year, null));
    }
}
