package org.parledger.app.operations;

import org.parledger.query.projection.ProjectionStatus;
import org.parledger.query.projection.ProjectionStatuses;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The projections in /actuator/health: DOWN while a projection's processor is failing (it retries by itself; the
 * node still takes commands, but its answers fall behind), UP otherwise, with each projection's lag and parked
 * events as details for those allowed to see details. Not part of readiness: a node whose read model lags can still
 * record changes, and queries can wait for their writes (consistentWith).
 */
@Component("projectionsHealthIndicator")
class ProjectionsHealth implements HealthIndicator {
    private final ProjectionStatuses projections;

    ProjectionsHealth(ProjectionStatuses projections) {
        this.projections = projections;
    }

    @Override
    public Health health() {
        boolean failing = false;
        Health.Builder health = Health.up();
        List<ProjectionStatus> statuses;
        try {
            statuses = projections.recent();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", "cannot read the projections' positions").build();
        }
        for (ProjectionStatus status : statuses) {
            failing |= status.failing();
            health.withDetail(status.processingGroup(), java.util.Map.of("lag", status.lag(), "parkedEvents", status.parkedEvents(),
                    "running", status.running(), "failing", status.failing()));
        }
        return (failing ? health.down() : health).build();
    }
}
