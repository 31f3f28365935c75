package org.parledger.query.replay;

import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.postgresql.PGStatement;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

/**
 * Reads the ledger for a replay's bulk pass faster than the event store's own reader: a fetch thread queries
 * the event table ahead (binary transfer, large batches) and two threads upcast and deserialise the batches
 * through Axon's serializer and upcasters, handed out in the ledger's order. Tracking tokens are built as Axon's JDBC engine builds
 * them, gaps included, so the event store's reader can take over from any of them.
 */
final class BulkLedgerReader implements AutoCloseable {
    /** Axon's JDBC engine's default: gaps further behind than this are dropped from tokens. */
    private static final int MAX_GAP_OFFSET = 10_000;
    private static final Object END = new Object();

    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final ObjectMapper mapper;
    private final Map<SerializedType, ObjectReader> readers;
    private final ObjectReader metaDataReader;
    private final BlockingQueue<Object> fetched = new ArrayBlockingQueue<>(6);
    private final ExecutorService deserialisers = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "read-model-replay-deserialise");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread fetcher;
    private volatile boolean closed;

    /**
     * @param upcast whether the application has upcasters: then every event goes through Axon's upcasting and
     *               deserialisation, otherwise Jackson reads the payloads directly
     */
    BulkLedgerReader(DataSource dataSource, Serializer serializer, EventUpcaster upcasters, boolean upcast,
                     GapAwareTrackingToken from, int batch) {
        this.serializer = serializer;
        this.upcasters = upcasters;
        if (!upcast && serializer instanceof Jackson3Serializer jackson) {
            this.mapper = jackson.getObjectMapper();
            this.readers = new ConcurrentHashMap<>();
            this.metaDataReader = mapper.readerFor(MetaData.class);
        } else {
            this.mapper = null;
            this.readers = null;
            this.metaDataReader = null;
        }
        this.fetcher = new Thread(() -> fetch(dataSource, from, batch), "read-model-replay-fetch");
        fetcher.setDaemon(true);
        fetcher.start();
    }

    /** The next batch of events in the ledger's order, deserialised; null after the last. */
    List<TrackedEventMessage<?>> next() throws InterruptedException {
        Object batch = fetched.take();
        if (batch == END) {
            fetched.put(END);
            return null;
        }
        if (batch instanceof Throwable failure) throw new IllegalStateException("reading the ledger failed", failure);
        @SuppressWarnings("unchecked")
        Future<List<TrackedEventMessage<?>>> events = (Future<List<TrackedEventMessage<?>>>) batch;
        try {
            return events.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("deserialising the ledger failed", e.getCause());
        }
    }

    private List<TrackedEventMessage<?>> deserialise(List<TrackedDomainEventData<byte[]>> rows) {
        if (readers != null) return deserialiseDirectly(rows);
        List<TrackedEventMessage<?>> events = EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(), serializer, upcasters)
                .toList();
        for (TrackedEventMessage<?> event : events) {
            event.getPayload();
            event.getTimestamp();
        }
        return events;
    }

    /**
     * With no upcasters and Jackson, what Axon's deserialisation comes down to: the serializer's own mapper
     * reading each payload's type, with the type and its reader looked up once per type rather than per event.
     */
    private List<TrackedEventMessage<?>> deserialiseDirectly(List<TrackedDomainEventData<byte[]>> rows) {
        List<TrackedEventMessage<?>> events = new ArrayList<>(rows.size());
        for (TrackedDomainEventData<byte[]> row : rows) {
            SerializedObject<byte[]> payload = row.getPayload();
            SerializedObject<byte[]> metaData = row.getMetaData();
            try {
                Object value = readers.computeIfAbsent(payload.getType(), this::readerFor).readValue(payload.getData());
                MetaData meta = metaData == null || metaData.getData() == null ? MetaData.emptyInstance()
                        : metaDataReader.readValue(metaData.getData());
                Instant timestamp = row.getTimestamp();
                events.add(new GenericTrackedDomainEventMessage<>(row.trackingToken(), row.getType(),
                        row.getAggregateIdentifier(), row.getSequenceNumber(),
                        new GenericMessage<>(row.getEventIdentifier(), value, meta), () -> timestamp));
            } catch (JacksonException e) {
                throw new IllegalStateException("cannot read event " + row.getEventIdentifier(), e);
            }
        }
        return events;
    }

    private ObjectReader readerFor(SerializedType type) {
        Class<?> payloadType = serializer.classForType(type);
        if (payloadType == UnknownSerializedType.class) {
            throw new IllegalStateException("the ledger holds events of a type this application does not know: " + type);
        }
        return mapper.readerFor(payloadType);
    }

    private void fetch(DataSource dataSource, GapAwareTrackingToken from, int batch) {
        GapAwareTrackingToken token = from;
        try (Connection connection = dataSource.getConnection()) {
            boolean first = true;
            while (!closed) {
                List<TrackedDomainEventData<byte[]>> rows = new ArrayList<>(batch);
                // The first query also picks up events that have appeared in the starting token's gaps.
                String where = first && token != null && !token.getGaps().isEmpty()
                        ? "globalindex > ? OR globalindex = ANY(?)" : "globalindex > ?";
                try (PreparedStatement statement = connection.prepareStatement("""
                        SELECT globalindex, type, aggregateidentifier, sequencenumber, eventidentifier, timestamp,
                               payloadtype, payloadrevision, payload, metadata
                        FROM domainevententry WHERE %s ORDER BY globalindex LIMIT ?""".formatted(where))) {
                    statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
                    int i = 1;
                    statement.setLong(i++, token == null ? -1 : token.getIndex());
                    if (where.contains("ANY")) statement.setArray(i++, connection.createArrayOf("int8", token.getGaps().toArray()));
                    statement.setInt(i, batch);
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            long index = rs.getLong(1);
                            token = token == null
                                    ? GapAwareTrackingToken.newInstance(index, LongStream.range(Math.min(1, index), index)
                                    .boxed().toList())
                                    : token.advanceTo(index, MAX_GAP_OFFSET);
                            rows.add(new TrackedDomainEventData<>(token, new GenericDomainEventEntry<>(rs.getString(2),
                                    rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                    rs.getString(8), rs.getBytes(9), rs.getBytes(10))));
                        }
                    }
                }
                first = false;
                if (rows.isEmpty()) break;
                fetched.put(deserialisers.submit(() -> deserialise(rows)));
            }
            fetched.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            fetched.clear();
            fetched.offer(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        fetcher.interrupt();
        fetched.clear();
        fetcher.join();
        deserialisers.shutdownNow();
    }
}
