package org.parledger.query.audit;

import org.axonframework.config.ProcessingGroup;
import org.parledger.query.projection.LiveProjection;
import org.parledger.query.projection.ParkedEvents;
import org.parledger.query.support.ReadModelVersion;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/** The audit trail projection in its processor. */
@Component
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
class AuditTrailLive extends LiveProjection<AuditTrailState> {
    AuditTrailLive(AuditTrailProjection projection, DataSource dataSource, ReadModelVersion version,
            ParkedEvents parked) {
        super(projection, dataSource, version, parked);
    }

    /** Nothing computed from the audit trail to renew, but answers kept whole (pages, journeys) are stale now. */
    @Override
    protected void projected(AuditTrailState state) {
        version().otherChangedOnCommit();
    }
}
