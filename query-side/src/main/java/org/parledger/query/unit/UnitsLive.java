package org.parledger.query.unit;

import org.axonframework.config.ProcessingGroup;
import org.parledger.query.projection.LiveProjection;
import org.parledger.query.projection.ParkedEvents;
import org.parledger.query.support.ReadModelVersion;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/** The units projection in its processor. */
@Component
@ProcessingGroup(UnitsProjection.PROCESSING_GROUP)
class UnitsLive extends LiveProjection<UnitsState> {
    UnitsLive(UnitsProjection projection, DataSource dataSource, ReadModelVersion version,
            ParkedEvents parked) {
        super(projection, dataSource, version, parked);
    }

    /** Names, regions and lineage show in every year's ranking. */
    @Override
    protected void projected(UnitsState state) {
        if (state.changed) version().everyYearChangedOnCommit();
    }
}
