package org.parledger.app.operations;

import org.parledger.query.projection.ProjectionStatus;
import org.parledger.query.support.ProjectionProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The projections in /actuator/health: DOWN while a projection's processor is failing (it retries by itself; the
 * node still takes commands, but its answers fall behind), or stalled: running and lagging, its position unmoved for
 * parledger.projections.stall-after (60s). A processor's running flag says what it was told, not what its threads do:
 * when a 512 MB heap ran out, its coordinator threads died and it still said running, with a lag, for as long as it was
 * watched (docs/measurements.md, tenth session). UP otherwise, with each projection's lag and parked events as details
 * for those allowed to see details. Not part of readiness: a node whose read model lags can still record changes, and
 * queries can wait for their writes (consistentWith).
 */
@Component("projectionsHealthIndicator")
class ProjectionsHealth implements HealthIndicator {
    private final Supplier<List<ProjectionStatus>> projections;
    private final long stallAfterNanos;
    private final LongSupplier nanoTime;
    /** Per processing group: the position last seen while it lagged, and since when. */
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    private record Seen(Long position, long since) {
    }

    @Autowired
    ProjectionsHealth(RecentProjectionStatuses projections, ProjectionProperties properties) {
        this(projections::get, properties.stallAfter(), System::nanoTime);
    }

    ProjectionsHealth(Supplier<List<ProjectionStatus>> projections, Duration stallAfter, LongSupplier nanoTime) {
        this.projections = projections;
        this.stallAfterNanos = stallAfter.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public Health health() {
        boolean down = false;
        Health.Builder health = Health.up();
        List<ProjectionStatus> statuses;
        try {
            statuses = projections.get();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", "cannot read the projections' positions").build();
        }
        long now = nanoTime.getAsLong();
        for (ProjectionStatus status : statuses) {
            Duration stalled = stalledFor(status, now);
            boolean isStalled = stalled.toNanos() >= stallAfterNanos;
            down |= status.failing() || isStalled;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("lag", status.lag());
            details.put("parkedEvents", status.parkedEvents());
            details.put("running", status.running());
            details.put("failing", status.failing());
            details.put("stalled", isStalled);
            if (isStalled) details.put("unmovedSeconds", stalled.toSeconds());
            health.withDetail(status.processingGroup(), details);
        }
        return (down ? health.down() : health).build();
    }

    /** How long a running, lagging projection's position has not moved (zero when it does not lag or is stopped). */
    private Duration stalledFor(ProjectionStatus status, long now) {
        if (!status.running() || status.lag() == 0) {
            seen.remove(status.processingGroup());
            return Duration.ZERO;
        }
        Seen last = seen.compute(status.processingGroup(), (group, before) ->
                before != null && Objects.equals(before.position(), status.position()) ? before : new Seen(status.position(), now));
        return Duration.ofNanos(now - last.since());
    }
}
