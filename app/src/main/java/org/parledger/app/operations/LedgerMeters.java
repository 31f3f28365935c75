package org.parledger.app.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.parledger.query.projection.ProjectionStatus;
import org.parledger.query.projection.ProjectionStatuses;
import org.parledger.query.replay.ReplayProgress;
import org.parledger.query.replay.ReplayState;
import org.parledger.query.replay.Replays;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The ledger's own gauges, read when they are scraped: each projection's lag behind the ledger (events), its parked
 * events and whether its processor runs or is failing (from {@link RecentProjectionStatuses}, so scrapes cost the
 * database at most one round of queries per five seconds), and the running replay's progress. Commands by type and
 * outcome (parledger.commands) are timed where they are sent; refusals (parledger.refusals) where they are answered.
 */
@Component
class LedgerMeters implements MeterBinder {
    private final ProjectionStatuses projections;
    private final RecentProjectionStatuses recent;
    private final Replays replays;

    LedgerMeters(ProjectionStatuses projections, RecentProjectionStatuses recent, Replays replays) {
        this.projections = projections;
        this.recent = recent;
        this.replays = replays;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String group : projections.processingGroups()) {
            projectionGauge(registry, group, "parledger.projection.lag", "events in the ledger the projection has not taken in yet",
                    ProjectionStatus::lag);
            projectionGauge(registry, group, "parledger.projection.parked", "events the projection parked (see parkedEvents)",
                    ProjectionStatus::parkedEvents);
            projectionGauge(registry, group, "parledger.projection.running", "1 while the projection's processor runs on this node",
                    status -> status.running() ? 1 : 0);
            projectionGauge(registry, group, "parledger.projection.failing", "1 while the projection's processor is failing and retrying",
                    status -> status.failing() ? 1 : 0);
        }
        Gauge.builder("parledger.replay.running", replays, r -> active(r.progress()) ? 1 : 0)
                .description("1 while a replay runs on this node").register(registry);
        Gauge.builder("parledger.replay.processed", replays, r -> r.progress().processed())
                .description("events the running (or last) replay has applied").baseUnit("events").register(registry);
        Gauge.builder("parledger.replay.remaining", replays, r -> active(r.progress()) ? r.progress().remaining() : 0)
                .description("events the running replay has still to apply").baseUnit("events").register(registry);
        Gauge.builder("parledger.replay.rate", replays, r -> active(r.progress()) ? r.progress().eventsPerSecond() : 0)
                .description("the running replay's rate so far").baseUnit("events.per.second").register(registry);
    }

    private static boolean active(ReplayProgress progress) {
        return progress.state() == ReplayState.RUNNING || progress.state() == ReplayState.SWITCHING;
    }

    private void projectionGauge(MeterRegistry registry, String group, String name, String description,
                                 ToDoubleFunction<ProjectionStatus> value) {
        Gauge.builder(name, recent, statuses -> {
                    List<ProjectionStatus> copy;
                    try {
                        copy = statuses.get();
                    } catch (RuntimeException e) {
                        return Double.NaN; // the database is out of reach: no value rather than a stale one
                    }
                    return copy.stream().filter(s -> s.processingGroup().equals(group)).mapToDouble(value).findFirst().orElse(Double.NaN);
                })
                .description(description).tag("projection", group).register(registry);
    }
}
