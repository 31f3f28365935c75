package org.parledger.query.projection;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.SimpleSerializedObject;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.query.support.EventStoreKind;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Whether the read model has taken in the ledger up to a position: every segment of every projection's processor
 * has passed it. The tokens live with the read model in PostgreSQL, so the answer is the same on every node that
 * reads these tables, whichever node projected the event. A reader that passes the position its write was answered
 * with (consistentWith) reads its own write.
 */
@Component
public class ProjectionProgress {
    /**
     * Streams whose events every projection keys by the stream itself (see {@link EntitySequencing}). Not an index
     * set's: the scores projection keys them all alike (ScoresProjection.sequenceOf), so they are looked at as any
     * segment's.
     */
    private static final List<String> ENTITY_STREAMS = List.of("assessment:", "unit:");
    /** At most this many events behind a segment's stored token are looked at; further behind, it has not passed. */
    private static final int LOOK_AT_MOST = 1_000;

    private final List<String> groups;
    private final JdbcClient jdbc;
    private final Configuration axon;
    private final EventStoreKind store;
    private final ObjectProvider<ProjectionWakeUp> wakeUp;

    ProjectionProgress(List<BatchProjection<?>> projections, JdbcClient jdbc, Configuration axon, EventStoreKind store,
                       ObjectProvider<ProjectionWakeUp> wakeUp) {
        this.groups = projections.stream().map(BatchProjection::processingGroup).toList();
        this.jdbc = jdbc;
        this.axon = axon;
        this.store = store;
        this.wakeUp = wakeUp;
    }

    /**
     * True when every projection has passed the position (an event there is projected, or parked). A segment stores
     * its token when it projects a batch; one that had nothing to project stores it only every few seconds (when
     * its claim is extended), so a segment whose token is behind has passed the position when none of the events
     * between its token and the position is its own.
     */
    public boolean reached(long position) {
        return reached(position, false);
    }

    /** As above; withinLedger when the ledger's head is known to have reached the position (not asked again). */
    private boolean reached(long position, boolean withinLedger) {
        Map<String, List<SegmentToken>> tokens = segmentTokens();
        if (tokens.size() < groups.size()) return false;
        List<SegmentToken> behind = new ArrayList<>();
        for (Map.Entry<String, List<SegmentToken>> group : tokens.entrySet()) {
            List<SegmentToken> segments = group.getValue();
            int[] ids = segments.stream().mapToInt(SegmentToken::segment).toArray();
            for (SegmentToken segment : segments) {
                // A null token: the segment starts from the first event and has stored nothing yet.
                if (!segment.passed(position)) behind.add(segment.within(group.getKey(), ids));
            }
        }
        if (behind.isEmpty()) return true;
        // A position the ledger has not reached yet is not passed, however idle the segments.
        if (!withinLedger && store.head() < position) return false;
        return store.axonServer() ? noneOwnEventsInStream(behind, position) : noneOwnEventsUpTo(behind, position);
    }

    /**
     * The same question asked of the event store's stream (Axon Server, whose events PostgreSQL does not hold): the
     * events from the earliest of these segments' tokens up to the position, each keyed by its processor's own
     * sequencing policy.
     */
    private boolean noneOwnEventsInStream(List<SegmentToken> behind, long position) {
        SegmentToken earliest = behind.stream().min(java.util.Comparator.comparingLong(SegmentToken::lowerBound)).orElseThrow();
        TrackingToken from = earliest.token() == null ? null : WrappedToken.unwrapLowerBound(earliest.token());
        try (BlockingStream<TrackedEventMessage<?>> events = axon.eventStore().openStream(from)) {
            for (int n = 0; n < LOOK_AT_MOST; n++) {
                if (!events.hasNextAvailable(1, TimeUnit.SECONDS)) return false;
                TrackedEventMessage<?> event = events.nextAvailable();
                long at = event.trackingToken().position().orElse(Long.MAX_VALUE);
                if (at > position) return true;
                for (SegmentToken segment : behind) {
                    if (segment.passed(at)) continue;
                    Object key = axon.eventProcessingConfiguration().sequencingPolicy(segment.group()).getSequenceIdentifierFor(event);
                    if (segment.of().matches(Objects.hashCode(key == null ? event.getIdentifier() : key))) return false;
                }
                if (at == position) return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether none of the ledger's events up to the position that these segments have not passed is theirs. */
    private boolean noneOwnEventsUpTo(List<SegmentToken> behind, long position) {
        long from = behind.stream().mapToLong(segment -> segment.scanFrom(position)).min().orElse(position);
        record Row(long position, String stream) {
        }
        List<Row> rows = jdbc.sql("""
                        SELECT globalindex, aggregateidentifier FROM domainevententry
                        WHERE globalindex > :from AND globalindex <= :position ORDER BY globalindex LIMIT :limit""")
                .param("from", from).param("position", position).param("limit", LOOK_AT_MOST)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2))).list();
        if (rows.size() == LOOK_AT_MOST) return false;
        for (Row row : rows) {
            boolean entity = ENTITY_STREAMS.stream().anyMatch(row.stream()::startsWith);
            for (SegmentToken segment : behind) {
                if (segment.passed(row.position())) continue;
                // An event of another stream (a publication, a reorganisation) is keyed by what it changes: any segment's.
                if (!entity || segment.of().matches(row.stream())) return false;
            }
        }
        return true;
    }

    /** One segment's token (null: nothing stored yet) and, once its siblings are known, the segment with its mask. */
    record SegmentToken(int segment, TrackingToken token, String group, Segment of) {
        SegmentToken within(String group, int[] segments) {
            return new SegmentToken(segment, token, group, Segment.computeSegment(segment, segments));
        }

        boolean passed(long position) {
            return token != null && ProjectionProgress.passed(token, position);
        }

        /**
         * Where to look for this segment's events up to the position: after its token's index. An older gap (a global
         * index its processor has not seen, e.g. of a transaction that rolled back) is not the position asked for, as
         * {@link ProjectionProgress#passed} says, so it does not send the look back there: a replay's token can carry
         * gaps from the start of the ledger, and an idle segment keeps it until it next stores one. The position itself,
         * if it is one of the gaps, is looked at.
         */
        long scanFrom(long position) {
            if (token == null) return -1;
            TrackingToken lower = WrappedToken.unwrapLowerBound(token);
            if (lower instanceof GapAwareTrackingToken gapAware) return Math.min(gapAware.getIndex(), position - 1);
            return lower == null ? -1 : lower.position().orElse(-1);
        }

        /** Everything up to here is projected by this segment. */
        long lowerBound() {
            if (token == null) return -1;
            TrackingToken lower = WrappedToken.unwrapLowerBound(token);
            if (lower instanceof GapAwareTrackingToken gapAware) {
                return gapAware.getGaps().isEmpty() ? gapAware.getIndex() : gapAware.getGaps().first() - 1;
            }
            return lower == null ? -1 : lower.position().orElse(-1);
        }
    }

    /** Each projection's segments and their tokens, as stored with the read model; a projection with no row yet is absent. */
    private Map<String, List<SegmentToken>> segmentTokens() {
        Map<String, List<SegmentToken>> tokens = new HashMap<>();
        jdbc.sql("SELECT processorname, segment, token, tokentype FROM tokenentry WHERE processorname IN (:groups)")
                .param("groups", groups)
                .query(rs -> {
                    byte[] token = rs.getBytes("token");
                    tokens.computeIfAbsent(rs.getString("processorname"), group -> new ArrayList<>()).add(new SegmentToken(
                            rs.getInt("segment"), token == null ? null : axon.serializer().deserialize(
                                    new SimpleSerializedObject<>(token, byte[].class, rs.getString("tokentype"), null)), null, null));
                });
        return tokens;
    }

    /**
     * Each projection's tokens, one per segment (null for a segment that has not started), as stored with the read
     * model; a projection with no row yet is absent. Read in the caller's transaction when there is one.
     */
    Map<String, List<TrackingToken>> tokens() {
        Map<String, List<TrackingToken>> tokens = new HashMap<>();
        segmentTokens().forEach((group, segments) -> tokens.put(group, segments.stream().map(SegmentToken::token).toList()));
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
     * than answer without the write the client asked to see. A position beyond the ledger's last is refused at once:
     * no change was ever answered with it (a position is given out once its event is committed, and every node reads
     * the same head), and waiting for it held a request thread for the whole wait, for anyone who asked.
     */
    public void await(long position, Duration wait) {
        long head = store.head(); // asked first: one index read, where reading the segments' tokens costs several
        if (head < position) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "consistentWith", "no change was answered with position "
                    + position + ": the ledger's last position is " + head);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 5;
        while (!reached(position, true)) {
            // Someone waits: the processors look now (and again at each try, should the event not have reached their
            // stream yet) instead of batching at their own pace.
            wakeUp.ifAvailable(ProjectionWakeUp::wakeUp);
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
