package org.parledger.app.operations;

import org.parledger.query.projection.ProjectionStatus;
import org.parledger.query.projection.ProjectionStatuses;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/** The projections' status as /actuator/health and the lag and parked-event meters see it: at most five seconds old. */
@Component
class RecentProjectionStatuses {
    private final RecentReading<List<ProjectionStatus>> reading;

    RecentProjectionStatuses(ProjectionStatuses statuses) {
        this.reading = RecentReading.onTheNodesOwnPool(() -> List.copyOf(statuses.now()), Duration.ofSeconds(5));
    }

    /** As of a moment at most five seconds ago; throws the last read's failure while it is that recent. */
    List<ProjectionStatus> get() {
        return reading.get();
    }
}
