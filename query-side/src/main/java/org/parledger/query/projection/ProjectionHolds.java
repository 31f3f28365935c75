package org.parledger.query.projection;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.parledger.query.support.ProjectionProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Holds on projections across nodes: a node that must own every segment of some projections for a moment (a replay's
 * switch) writes a hold; every other node sees it within {@code parledger.projections.hold-poll} and releases the
 * segments it has claimed for as long as the hold lasts. Without it, the switch would wait for claims of live nodes
 * that never expire.
 */
@Component
public class ProjectionHolds implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ProjectionHolds.class);
    /** The name this node's token store claims segments under (Axon's default owner). */
    public static final String NODE = ManagementFactory.getRuntimeMXBean().getName();
    private final JdbcClient jdbc;
    private final Configuration axon;
    private final Duration poll;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "projection-holds");
        thread.setDaemon(true);
        return thread;
    });

    ProjectionHolds(JdbcClient jdbc, Configuration axon, ProjectionProperties properties) {
        this.jdbc = jdbc;
        this.axon = axon;
        this.poll = properties.holdPoll();
    }

    @EventListener(ApplicationReadyEvent.class)
    void watch() {
        executor.scheduleWithFixedDelay(this::releaseHeld, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Holds the groups for this node until {@code until} from now (or until {@link #end}). */
    public static void hold(JdbcClient jdbc, Collection<String> groups, Duration until) {
        for (String group : groups) {
            jdbc.sql("""
                    INSERT INTO rv_projection_hold (processing_group, held_by, until) VALUES (?, ?, now() + ? * interval '1 millisecond')
                    ON CONFLICT (processing_group) DO UPDATE SET held_by = EXCLUDED.held_by, until = EXCLUDED.until""")
                    .param(group).param(NODE).param(until.toMillis()).update();
        }
    }

    /** Ends this node's holds on the groups. */
    public static void end(JdbcClient jdbc, Collection<String> groups) {
        jdbc.sql("DELETE FROM rv_projection_hold WHERE processing_group IN (:groups) AND held_by = :node")
                .param("groups", groups).param("node", NODE).update();
    }

    private void releaseHeld() {
        try {
            jdbc.sql("SELECT processing_group, (extract(epoch FROM until - now()) * 1000)::bigint AS left_ms FROM rv_projection_hold "
                            + "WHERE until > now() AND held_by <> ?")
                    .param(NODE)
                    .query(rs -> {
                        String group = rs.getString("processing_group");
                        long left = rs.getLong("left_ms");
                        axon.eventProcessingConfiguration().eventProcessorByProcessingGroup(group, StreamingEventProcessor.class)
                                .ifPresent(processor -> processor.processingStatus().keySet().forEach(segment -> {
                                    log.info("{}: releasing segment {} for {} ms, held by another node's replay", group, segment, left);
                                    processor.releaseSegment(segment, left, TimeUnit.MILLISECONDS);
                                }));
                    });
        } catch (RuntimeException e) {
            // The next look may succeed (a lost connection, a restart of the database); the claims expire anyway.
            log.debug("cannot look at projection holds: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
