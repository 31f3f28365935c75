package org.parledger.query.projection;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each event's position in the ledger (its global index). A gap-aware tracking token's position is the
 * furthest position its stream has reached: for an event whose transaction committed after later ones (it
 * fills a gap), that is a later event's position. Such events are recognised because their token does not
 * advance, and are looked up by identifier; every other event's position is its token's.
 */
public final class LedgerPositions {
    /** Finds the global index of events by their identifiers. */
    public interface Lookup {
        Map<String, Long> indices(Collection<String> eventIds) throws SQLException;
    }

    private LedgerPositions() {
    }

    /**
     * The event's position if its token tells it, -1 if it must be looked up: it filled a gap, or nothing
     * is known of the stream before it ({@code previous} null) to tell.
     */
    public static long known(TrackingToken previous, TrackingToken token) {
        Optional<GapAwareTrackingToken> gapAware = WrappedToken.unwrap(token, GapAwareTrackingToken.class);
        if (gapAware.isEmpty()) {
            // Tokens without gaps (Axon Server's global sequence) are the event's own position.
            return token.position().orElseThrow(() -> new IllegalStateException("a token without a position: " + token));
        }
        long index = gapAware.get().getIndex();
        Optional<GapAwareTrackingToken> before = previous == null ? Optional.empty()
                : WrappedToken.unwrap(previous, GapAwareTrackingToken.class);
        return before.isPresent() && index > before.get().getIndex() ? index : -1;
    }

    /** The events with their positions, looking up in one call those that their tokens do not tell. */
    public static List<LedgerEvent> resolve(TrackingToken previous, List<? extends TrackedEventMessage<?>> messages,
                                            Lookup lookup) throws SQLException {
        long[] positions = new long[messages.size()];
        List<String> unknown = new ArrayList<>();
        TrackingToken before = previous;
        for (int i = 0; i < positions.length; i++) {
            TrackedEventMessage<?> message = messages.get(i);
            positions[i] = known(before, message.trackingToken());
            if (positions[i] < 0) unknown.add(message.getIdentifier());
            before = message.trackingToken();
        }
        Map<String, Long> found = unknown.isEmpty() ? Map.of() : lookup.indices(unknown);
        List<LedgerEvent> events = new ArrayList<>(positions.length);
        for (int i = 0; i < positions.length; i++) {
            TrackedEventMessage<?> message = messages.get(i);
            long position = positions[i] >= 0 ? positions[i] : found.getOrDefault(message.getIdentifier(), -1L);
            if (position < 0) throw new IllegalStateException("event " + message.getIdentifier() + " is not in the ledger");
            events.add(new LedgerEvent(position, message));
        }
        return events;
    }

    /** One event's position, looked up in the ledger when its token does not tell it. */
    public static long of(TrackingToken previous, TrackedEventMessage<?> message, DataSource dataSource) {
        long position = known(previous, message.trackingToken());
        if (position >= 0) return position;
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return resolve(null, List.of(message), inLedger(connection)).get(0).position();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up the position of event " + message.getIdentifier(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** Looks events up in the JDBC event store's table, through its unique index on the identifier. */
    public static Lookup inLedger(Connection connection) {
        return eventIds -> {
            Map<String, Long> indices = new HashMap<>();
            Sql.query(connection, "SELECT eventidentifier, globalindex FROM domainevententry WHERE eventidentifier = ANY(?)",
                    new Object[]{Sql.textArray(connection, eventIds)},
                    rs -> indices.put(rs.getString(1), rs.getLong(2)));
            return indices;
        };
    }
}
