package org.parledger.query.projection;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.SimpleSerializedObject;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether the read model has taken in the ledger up to a position: every segment of every projection's processor
 * has passed it. The tokens live with the read model in PostgreSQL, so the answer is the same on every node that
 * reads these tables, whichever node projected the event. A reader that passes the position its write was answered
 * with (consistentWith) reads its own write.
 */
@Component
public class ProjectionProgress {
    private final List<String> groups;
    private final JdbcClient jdbc;
    private final Configuration axon;

    ProjectionProgress(List<BatchProjection<?>> projections, JdbcClient jdbc, Configuration axon) {
        this.groups = projections.stream().map(BatchProjection::processingGroup).toList();
        this.jdbc = jdbc;
        this.axon = axon;
    }

    /** True when every projection has passed the position (an event there is projected, or parked). */
    public boolean reached(long position) {
        Map<String, List<TrackingToken>> tokens = tokens();
        if (tokens.size() < groups.size()) return false;
        for (List<TrackingToken> segments : tokens.values()) {
            for (TrackingToken token : segments) if (token == null || !passed(token, position)) return false;
        }
        return true;
    }

    /**
     * Each projection's tokens, one per segment (null for a segment that has not started), as stored with the read
     * model; a projection with no row yet is absent. Read in the caller's transaction when there is one.
     */
    Map<String, List<TrackingToken>> tokens() {
        Map<String, List<TrackingToken>> tokens = new HashMap<>();
        jdbc.sql("SELECT processorname, token, tokentype FROM tokenentry WHERE processorname IN (:groups)")
                .param("groups", groups)
                .query(rs -> {
                    byte[] token = rs.getBytes("token");
                    tokens.computeIfAbsent(rs.getString("processorname"), group -> new ArrayList<>()).add(token == null ? null
                            : axon.serializer().deserialize(new SimpleSerializedObject<>(token, byte[].class, rs.getString("tokentype"), null)));
                });
        return tokens;
    }

    static boolean passed(TrackingToken token, long position) {
        TrackingToken lower = WrappedToken.unwrapLowerBound(token);
        if (lower instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        return lower != null && lower.position().isPresent() && lower.position().getAsLong() >= position;
    }

    /**
     * Waits until the read model has passed the position, at most {@code wait}; then refuses with NOT_CAUGHT_UP rather
     * than answer without the write the client asked to see.
     */
    public void await(long position, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 5;
        while (!reached(position)) {
            if (System.nanoTime() > deadline) {
                throw new LedgerException(ErrorCode.NOT_CAUGHT_UP, "consistentWith", "the read model has not reached position "
                        + position + " within " + wait.toMillis() + " ms; try again shortly (projectionStatus shows how far it is)");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the read model", e);
            }
            pause = Math.min(pause * 2, 50);
        }
    }
}
